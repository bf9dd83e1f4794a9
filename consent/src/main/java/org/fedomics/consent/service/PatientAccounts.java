package org.fedomics.consent.service;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;
import static org.fedomics.consent.web.ServiceResult.Reason.TOO_MANY_REQUESTS;
import static org.fedomics.consent.web.ServiceResult.Reason.UNAUTHORIZED;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.fedomics.consent.account.Argon2idPassphrases;
import org.fedomics.consent.account.PassphraseRules;
import org.fedomics.consent.store.JdbcPatientAccounts;
import org.fedomics.consent.store.PatientAccount;
import org.fedomics.consent.store.SignInAttempt;
import org.fedomics.consent.web.ServiceResult;

/**
 * Patients' accounts, blocking (Argon2id and JDBC): a patient redeems the one-time code from
 * their hospital once, choosing a passphrase, and signs in later with the sign-in id they were
 * shown then. The JSON API and the portal both sign patients in here; each turns the account
 * into its own kind of session.
 */
public final class PatientAccounts {
    static final String WRONG_CODE = "this enrollment code is not valid or was already used";
    static final String WRONG_SIGN_IN = "the sign-in id or the passphrase is wrong";
    private static final DateTimeFormatter WAIT_UNTIL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final JdbcPatientAccounts accounts;
    private final Argon2idPassphrases passphrases;
    private final Clock clock;
    /** Unknown sign-in ids are checked against this hash of nothing anyone knows, so they take as long as known ones. */
    private final String decoyHash;

    public PatientAccounts(JdbcPatientAccounts accounts, Argon2idPassphrases passphrases, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.passphrases = Objects.requireNonNull(passphrases, "passphrases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.decoyHash = passphrases.hash(java.util.UUID.randomUUID().toString());
    }

    /** Redeems the enrollment code and opens the patient's account with {@code passphrase}. */
    public ServiceResult<PatientAccount> enroll(String enrollmentCode, String passphrase) {
        if (enrollmentCode == null || enrollmentCode.isBlank()) {
            return ServiceResult.fail(BAD_REQUEST, "enrollmentCode is required");
        }
        Optional<String> problem = PassphraseRules.problemWith(passphrase);
        if (problem.isPresent()) {
            return ServiceResult.fail(BAD_REQUEST, problem.get());
        }
        // Checked before hashing, so wrong codes cannot make the service spend memory and time on Argon2id.
        if (!accounts.isRedeemable(enrollmentCode.trim())) {
            return ServiceResult.fail(UNAUTHORIZED, WRONG_CODE);
        }
        String hash = passphrases.hash(passphrase);
        return accounts.redeem(enrollmentCode.trim(), hash, clock.instant())
                .<ServiceResult<PatientAccount>>map(ServiceResult::ok)
                .orElseGet(() -> ServiceResult.fail(UNAUTHORIZED, WRONG_CODE));
    }

    /**
     * Signs a patient in. A wrong id and a wrong passphrase get the same answer; after
     * {@link org.fedomics.consent.account.SignInBackoff#FREE_FAILURES} consecutive failures the
     * account waits, and no passphrase is checked until the wait is over.
     */
    public ServiceResult<PatientAccount> signIn(String signInId, String passphrase) {
        if (signInId == null || signInId.isBlank()) {
            return ServiceResult.fail(BAD_REQUEST, "signInId is required");
        }
        if (passphrase == null || passphrase.isEmpty()) {
            return ServiceResult.fail(BAD_REQUEST, "passphrase is required");
        }
        SignInAttempt attempt = accounts.beginSignIn(signInId, clock.instant());
        if (attempt instanceof SignInAttempt.Blocked blocked) {
            return ServiceResult.fail(TOO_MANY_REQUESTS, "too many failed sign-ins for this account; try again after "
                    + WAIT_UNTIL.format(blocked.until().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)));
        }
        if (attempt instanceof SignInAttempt.Proceed proceed && passphrases.verify(passphrase, proceed.passphraseHash())) {
            accounts.signInSucceeded(proceed.account().signInId(), clock.instant());
            return ServiceResult.ok(proceed.account());
        }
        if (attempt instanceof SignInAttempt.Unknown) {
            passphrases.verify(passphrase, decoyHash);
        }
        return ServiceResult.fail(UNAUTHORIZED, WRONG_SIGN_IN);
    }
}
