package org.fedomics.consent.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The record of every use of a patient's records, kept beside the consents (same database, same
 * migrations). Append-only; the hash-chained ledger that proves it will replace this table's role
 * as the evidence patients can verify.
 */
public final class JdbcUseLog {
    private final JdbcTransactions transactions;

    public JdbcUseLog(DataSource dataSource) {
        this.transactions = new JdbcTransactions(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Records that {@code hospital} used these patients' records in {@code round} of a study; all
     * rows or none.
     *
     * @throws UnknownPseudonymException if any pseudonym was never enrolled (nothing is recorded)
     */
    public void recordUse(String studyId, int round, String hospital, List<String> pseudonyms, Instant at) {
        if (studyId == null || studyId.isBlank()) {
            throw new IllegalArgumentException("studyId must not be blank");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative, was " + round);
        }
        if (hospital == null || hospital.isBlank()) {
            throw new IllegalArgumentException("hospital must not be blank");
        }
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(at, "at");
        transactions.inTransaction(c -> {
            try (PreparedStatement enrolled = c.prepareStatement("SELECT 1 FROM enrollment WHERE pseudonym = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO use_event "
                         + "(study_id, round_no, hospital, pseudonym, used_at) VALUES (?, ?, ?, ?, ?)")) {
                for (String pseudonym : pseudonyms) {
                    enrolled.setString(1, pseudonym);
                    try (ResultSet row = enrolled.executeQuery()) {
                        if (!row.next()) {
                            throw new UnknownPseudonymException(pseudonym);
                        }
                    }
                    insert.setString(1, studyId);
                    insert.setInt(2, round);
                    insert.setString(3, hospital);
                    insert.setString(4, pseudonym);
                    JdbcTransactions.setInstant(insert, 5, at);
                    insert.addBatch();
                }
                insert.executeBatch();
                return null;
            }
        });
    }

    /** Every recorded use of this patient's records, oldest first. */
    public List<UseEvent> usesOf(String pseudonym) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT study_id, round_no, hospital, used_at "
                    + "FROM use_event WHERE pseudonym = ? ORDER BY used_at, id")) {
                select.setString(1, pseudonym);
                List<UseEvent> events = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new UseEvent(rows.getString("study_id"), rows.getInt("round_no"),
                                rows.getString("hospital"), JdbcTransactions.getInstant(rows, "used_at")));
                    }
                }
                return List.copyOf(events);
            }
        });
    }
}
