package org.fedomics.consent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.fedomics.consent.ledger.LedgerEvent;
import org.fedomics.consent.policy.Verdict;
import org.fedomics.consent.study.DeclaredUse;

/**
 * The record of every use of a patient's records, kept beside the consents (same database, same
 * migrations), and of the decisions the service issued before each use. Append-only. Each use is
 * also a leaf of the tamper-evident ledger ({@link JdbcLedger}), written in the same transaction:
 * the leaf is the evidence a patient can verify, this table the index the service queries.
 */
public final class JdbcUseLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JdbcTransactions transactions;
    private final LedgerAppends ledger;

    public JdbcUseLog(DataSource dataSource) {
        this(dataSource, new SecureRandom());
    }

    public JdbcUseLog(DataSource dataSource, SecureRandom random) {
        this.transactions = new JdbcTransactions(Objects.requireNonNull(dataSource, "dataSource"));
        this.ledger = new LedgerAppends(random);
    }

    /** A patient's verdict in a snapshot. */
    public record IssuedVerdict(String pseudonym, Verdict verdict) {
        public IssuedVerdict {
            Objects.requireNonNull(pseudonym, "pseudonym");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /**
     * Keeps the decisions a snapshot gave {@code hospital} for a round of a study, so that a use
     * reported afterwards is recorded with the purpose and the verdict it was given.
     *
     * @throws IllegalArgumentException if a patient is named twice, or by a pseudonym longer than
     *                                  an enrolled one (nothing is recorded)
     */
    public void recordSnapshot(String hospital, String studyId, int round, DeclaredUse use, List<IssuedVerdict> verdicts, Instant at) {
        requireRound(studyId, round, hospital);
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(verdicts, "verdicts");
        Objects.requireNonNull(at, "at");
        String useJson;
        try {
            useJson = JSON.writeValueAsString(use);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a declared use as JSON", e);
        }
        List<String> parts = SnapshotVerdictParts.encode(verdicts);
        transactions.inTransaction(c -> {
            long snapshot;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO snapshot_issued "
                    + "(hospital, study_id, round_no, declared_use_json, issued_at) VALUES (?, ?, ?, ?, ?)", new String[] {"id"})) {
                insert.setString(1, hospital);
                insert.setString(2, studyId);
                insert.setInt(3, round);
                insert.setString(4, useJson);
                JdbcTransactions.setInstant(insert, 5, at);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    snapshot = keys.getLong(1);
                }
            }
            try (PreparedStatement insert = c.prepareStatement(SnapshotVerdictParts.INSERT)) {
                SnapshotVerdictParts.insert(insert, snapshot, parts);
            }
            return null;
        });
    }

    /**
     * Records that {@code hospital} used these patients' records in {@code round} of a study, one
     * ledger leaf per patient; all rows and leaves or none.
     *
     * @throws UnknownPseudonymException if any pseudonym was never enrolled (nothing is recorded)
     */
    public void recordUse(String studyId, int round, String hospital, List<String> pseudonyms, Instant at) {
        requireRound(studyId, round, hospital);
        Objects.requireNonNull(pseudonyms, "pseudonyms");
        Objects.requireNonNull(at, "at");
        Instant usedAt = JdbcTransactions.storable(at);
        transactions.inTransaction(c -> {
            Map<String, IssuedUse> issued = latestIssued(c, studyId, round, hospital, Set.copyOf(pseudonyms));
            List<LedgerAppends.Entry> leaves = new ArrayList<>(pseudonyms.size());
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
                    JdbcTransactions.setInstant(insert, 5, usedAt);
                    insert.addBatch();
                    IssuedUse given = issued.get(pseudonym);
                    leaves.add(new LedgerAppends.Entry(pseudonym, given == null
                            ? LedgerEvent.Use.of(studyId, round, hospital, null, LedgerEvent.Use.NO_SNAPSHOT, usedAt)
                            : LedgerEvent.Use.of(studyId, round, hospital, given.use(), given.verdict(), usedAt)));
                }
                insert.executeBatch();
            }
            ledger.append(c, leaves, usedAt);
            return null;
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

    /** The purpose and verdict a snapshot gave a patient for a use. */
    private record IssuedUse(DeclaredUse use, String verdict) {
    }

    /**
     * What the latest snapshot of this round that decided on each of these patients gave them;
     * a patient no snapshot of the round named is missing. Reads the round's snapshots newest
     * first, only until every patient is found.
     */
    private static Map<String, IssuedUse> latestIssued(Connection c, String studyId, int round, String hospital, Set<String> pseudonyms)
            throws SQLException {
        Map<String, IssuedUse> found = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT s.id, s.declared_use_json, p.verdicts FROM snapshot_issued s "
                + "JOIN snapshot_verdict_part p ON p.snapshot_id = s.id "
                + "WHERE s.hospital = ? AND s.study_id = ? AND s.round_no = ? ORDER BY s.id DESC, p.part_no")) {
            select.setString(1, hospital);
            select.setString(2, studyId);
            select.setInt(3, round);
            select.setFetchSize(16);
            try (ResultSet rows = select.executeQuery()) {
                long snapshot = -1;
                DeclaredUse use = null;
                while (found.size() < pseudonyms.size() && rows.next()) {
                    if (rows.getLong(1) != snapshot) {
                        snapshot = rows.getLong(1);
                        use = declaredUse(rows.getString(2));
                    }
                    for (Map.Entry<String, String> verdict : SnapshotVerdictParts.decode(rows.getString(3)).entrySet()) {
                        if (pseudonyms.contains(verdict.getKey())) {
                            found.putIfAbsent(verdict.getKey(), new IssuedUse(use, verdict.getValue()));
                        }
                    }
                }
            }
        }
        return found;
    }

    private static DeclaredUse declaredUse(String json) {
        try {
            return JSON.readValue(json, DeclaredUse.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored declared use is not valid JSON", e);
        }
    }

    private static void requireRound(String studyId, int round, String hospital) {
        if (studyId == null || studyId.isBlank()) {
            throw new IllegalArgumentException("studyId must not be blank");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative, was " + round);
        }
        if (hospital == null || hospital.isBlank()) {
            throw new IllegalArgumentException("hospital must not be blank");
        }
    }
}
