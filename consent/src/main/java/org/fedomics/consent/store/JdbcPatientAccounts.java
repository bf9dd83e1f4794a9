package org.fedomics.consent.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedomics.consent.account.SignInBackoff;

/**
 * Patients' accounts over JDBC, in the consent database (migration V3): opened when an enrollment
 * code is redeemed, used at every later sign-in. Consecutive failures are counted per account
 * and make the next attempt wait ({@link SignInBackoff}).
 */
public final class JdbcPatientAccounts {
    private static final int SIGN_IN_ID_SYMBOLS = 12;

    private final JdbcTransactions transactions;
    private final EnrollmentCodes codes;

    public JdbcPatientAccounts(DataSource dataSource) {
        this(dataSource, new SecureRandom());
    }

    public JdbcPatientAccounts(DataSource dataSource, SecureRandom random) {
        this.transactions = new JdbcTransactions(Objects.requireNonNull(dataSource, "dataSource"));
        this.codes = new EnrollmentCodes(Objects.requireNonNull(random, "random"));
    }

    /** Whether {@code code} could be redeemed now: a cheap check before the costly passphrase hash. */
    public boolean isRedeemable(String code) {
        if (code == null || code.isBlank()) {
            return false;
        }
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM enrollment WHERE code_sha256 = ? AND redeemed_at IS NULL")) {
                select.setString(1, EnrollmentCodes.hash(code));
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    /**
     * Redeems a one-time enrollment code and opens the patient's account with a new sign-in id, in
     * one transaction: both or neither. Empty for a wrong or already used code. Case, spaces and
     * dashes in the code do not matter.
     */
    public Optional<PatientAccount> redeem(String code, String passphraseHash, Instant now) {
        Objects.requireNonNull(passphraseHash, "passphraseHash");
        Objects.requireNonNull(now, "now");
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        String codeHash = EnrollmentCodes.hash(code);
        return transactions.inTransaction(c -> {
            // The conditional update is the single-use guard: of two concurrent redemptions, one updates a row.
            try (PreparedStatement redeem = c.prepareStatement(
                    "UPDATE enrollment SET redeemed_at = ? WHERE code_sha256 = ? AND redeemed_at IS NULL")) {
                JdbcTransactions.setInstant(redeem, 1, now);
                redeem.setString(2, codeHash);
                if (redeem.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            String pseudonym;
            try (PreparedStatement select = c.prepareStatement("SELECT pseudonym FROM enrollment WHERE code_sha256 = ?")) {
                select.setString(1, codeHash);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    pseudonym = row.getString("pseudonym");
                }
            }
            String signInId = unusedSignInId(c);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO patient_account (sign_in_id, pseudonym, "
                    + "passphrase_hash, created_at, failed_sign_ins) VALUES (?, ?, ?, ?, 0)")) {
                insert.setString(1, EnrollmentCodes.normalize(signInId));
                insert.setString(2, pseudonym);
                insert.setString(3, passphraseHash);
                JdbcTransactions.setInstant(insert, 4, now);
                insert.executeUpdate();
            }
            return Optional.of(new PatientAccount(pseudonym, signInId));
        });
    }

    /**
     * Begins a sign-in: unless the account is blocked, the attempt is counted as a failure and the
     * wait after it is set before the passphrase is even checked, so concurrent guesses are
     * counted too. A success then resets the count ({@link #signInSucceeded}).
     */
    public SignInAttempt beginSignIn(String signInId, Instant now) {
        Objects.requireNonNull(now, "now");
        String key = signInId == null ? "" : EnrollmentCodes.normalize(signInId);
        if (key.length() != SIGN_IN_ID_SYMBOLS) {
            return new SignInAttempt.Unknown();
        }
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT pseudonym, passphrase_hash, failed_sign_ins, blocked_until "
                    + "FROM patient_account WHERE sign_in_id = ? FOR UPDATE")) {
                select.setString(1, key);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return new SignInAttempt.Unknown();
                    }
                    Instant blockedUntil = JdbcTransactions.getInstant(row, "blocked_until");
                    if (blockedUntil != null && now.isBefore(blockedUntil)) {
                        return new SignInAttempt.Blocked(blockedUntil);
                    }
                    int failures = row.getInt("failed_sign_ins") + 1;
                    try (PreparedStatement count = c.prepareStatement(
                            "UPDATE patient_account SET failed_sign_ins = ?, blocked_until = ? WHERE sign_in_id = ?")) {
                        count.setInt(1, failures);
                        JdbcTransactions.setInstant(count, 2, now.plus(SignInBackoff.waitAfter(failures)));
                        count.setString(3, key);
                        count.executeUpdate();
                    }
                    return new SignInAttempt.Proceed(new PatientAccount(row.getString("pseudonym"), display(key)),
                            row.getString("passphrase_hash"));
                }
            }
        });
    }

    /** The passphrase was right: the count of failures starts again from zero. */
    public void signInSucceeded(String signInId, Instant now) {
        String key = EnrollmentCodes.normalize(Objects.requireNonNull(signInId, "signInId"));
        transactions.inTransaction(c -> {
            try (PreparedStatement reset = c.prepareStatement("UPDATE patient_account SET failed_sign_ins = 0, "
                    + "blocked_until = NULL, last_sign_in_at = ? WHERE sign_in_id = ?")) {
                JdbcTransactions.setInstant(reset, 1, now);
                reset.setString(2, key);
                return reset.executeUpdate();
            }
        });
    }

    private String unusedSignInId(Connection c) throws SQLException {
        try (PreparedStatement taken = c.prepareStatement("SELECT 1 FROM patient_account WHERE sign_in_id = ?")) {
            while (true) {
                String candidate = codes.newSignInId();
                taken.setString(1, EnrollmentCodes.normalize(candidate));
                try (ResultSet row = taken.executeQuery()) {
                    if (!row.next()) {
                        return candidate;
                    }
                }
            }
        }
    }

    /** The stored (undashed) sign-in id as the patient was shown it. */
    private static String display(String key) {
        return key.substring(0, 4) + "-" + key.substring(4, 8) + "-" + key.substring(8);
    }
}
