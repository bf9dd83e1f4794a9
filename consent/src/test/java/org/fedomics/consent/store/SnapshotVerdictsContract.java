package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.consent.store.ConsentStoreContract.T0;
import static org.fedomics.consent.store.JdbcLedgerContract.LEUKEMIA_STUDY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedomics.consent.policy.Verdict;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * How the verdicts of issued snapshots are kept on every database (embedded H2, PostgreSQL): in
 * parts of a row each, which hold a part of the largest size at the longest pseudonyms, and into
 * which an upgrade from schema version 3 (a row per verdict) moves every verdict already issued.
 * Subclasses only say where a new, empty database is.
 */
abstract class SnapshotVerdictsContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Patients of the databases at schema version 3, enrolled as it did. */
    private static final String A = "P-AAAAAAAAAAAAAAAA";
    private static final String B = "P-BBBBBBBBBBBBBBBB";

    /** A snapshot as schema version 3 kept it: its round, and each patient's verdict in a row of its own. */
    private record Version3Snapshot(int round, Map<String, String> verdicts) {
    }

    /** A new, empty database: nothing migrated into it yet. */
    record EmptyDatabase(String jdbcUrl, String user, String password) {
        JdbcConsentStore openStore() {
            return JdbcConsentStore.open(jdbcUrl, user, password.toCharArray());
        }

        HikariDataSource pool() {
            HikariDataSource pool = new HikariDataSource();
            pool.setJdbcUrl(jdbcUrl);
            pool.setUsername(user);
            pool.setPassword(password);
            return pool;
        }
    }

    protected abstract EmptyDatabase emptyDatabase();

    @Test
    void snapshotOfMoreThanOnePart_atTheLongestPseudonyms_keepsEveryVerdict() throws Exception {
        EmptyDatabase database = emptyDatabase();
        try (JdbcConsentStore store = database.openStore()) {
            String a = store.enroll("Hospital A").pseudonym();
            String b = store.enroll("Hospital A").pseudonym();
            List<JdbcUseLog.IssuedVerdict> verdicts = new ArrayList<>();
            for (int i = 0; i < SnapshotVerdictParts.PATIENTS_PER_PART; i++) {
                verdicts.add(new JdbcUseLog.IssuedVerdict(String.format(Locale.ROOT, "P-%030d", i), Verdict.ABSTAIN));
            }
            verdicts.add(new JdbcUseLog.IssuedVerdict(a, Verdict.PERMIT));
            verdicts.add(new JdbcUseLog.IssuedVerdict(b, Verdict.DENY));
            JdbcUseLog uses = new JdbcUseLog(store.dataSource());

            uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY, verdicts, T0);
            uses.recordUse("study-1", 1, "Hospital A", List.of(a, b), T0.plusSeconds(30));

            assertThat(decisionsOf(store, a, b)).as("both in the second part").containsExactly("PERMIT", "DENY");
            assertThat(partLengths(store)).hasSize(2).first().satisfies(length -> assertThat(length).isGreaterThan(900_000));
        }
    }

    @Test
    void upgradeFromVersion3_movesEveryIssuedVerdict_andUsesAfterItAreRecordedWithThem() throws Exception {
        EmptyDatabase database = emptyDatabase();
        try (HikariDataSource pool = database.pool()) {
            issueAsVersion3(pool, new Version3Snapshot(1, Map.of(A, "DENY")), new Version3Snapshot(1, Map.of(A, "PERMIT", B, "DENY")),
                    new Version3Snapshot(2, Map.of(B, "ABSTAIN")));
        }

        try (JdbcConsentStore store = database.openStore()) {
            JdbcUseLog uses = new JdbcUseLog(store.dataSource());
            uses.recordUse("study-1", 1, "Hospital A", List.of(A, B), T0.plusSeconds(30));
            uses.recordUse("study-1", 2, "Hospital A", List.of(B), T0.plusSeconds(60));

            assertThat(decisionsOf(store, A)).as("round 1: the latest snapshot naming A").containsExactly("PERMIT");
            assertThat(decisions(store, B)).as("rounds 1 and 2").containsExactly("DENY", "ABSTAIN");
            assertThat(partLengths(store)).hasSize(3);
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM snapshot_verdict")).isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void use_ofPatientsTheNewestSnapshotLeftOut_isRecordedWithTheOlderSnapshotThatNamedThem() throws Exception {
        EmptyDatabase database = emptyDatabase();
        try (JdbcConsentStore store = database.openStore()) {
            String a = store.enroll("Hospital A").pseudonym();
            String b = store.enroll("Hospital A").pseudonym();
            JdbcUseLog uses = new JdbcUseLog(store.dataSource());
            uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY,
                    List.of(new JdbcUseLog.IssuedVerdict(a, Verdict.PERMIT), new JdbcUseLog.IssuedVerdict(b, Verdict.DENY)), T0);
            uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY, List.of(new JdbcUseLog.IssuedVerdict(a, Verdict.ABSTAIN)),
                    T0.plusSeconds(10));

            uses.recordUse("study-1", 1, "Hospital A", List.of(a, b), T0.plusSeconds(30));

            assertThat(decisionsOf(store, a, b)).containsExactly("ABSTAIN", "DENY");
        }
    }

    @Test
    void upgradeThatFails_losesNoVerdict_andRunsAgainOnceRepaired() throws Exception {
        EmptyDatabase database = emptyDatabase();
        try (HikariDataSource pool = database.pool()) {
            issueAsVersion3(pool, new Version3Snapshot(1, Map.of(A, "PERMIT")), new Version3Snapshot(1, Map.of(B, "MAYBE")));

            assertThatThrownBy(() -> ConsentSchema.migrate(pool)).isInstanceOf(FlywayException.class);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE snapshot_verdict SET verdict = 'DENY' WHERE verdict = 'MAYBE'"))
                        .as("the old table and its rows are still there").isEqualTo(1);
            }
            ConsentSchema.repair(pool);
        }

        try (JdbcConsentStore store = database.openStore()) {
            new JdbcUseLog(store.dataSource()).recordUse("study-1", 1, "Hospital A", List.of(A, B), T0.plusSeconds(30));

            assertThat(decisionsOf(store, A, B)).containsExactly("PERMIT", "DENY");
            assertThat(partLengths(store)).hasSize(2);
        }
    }

    @Test
    void storedPartThatIsNotVerdicts_failsTheUse_namingNoPatient() throws Exception {
        EmptyDatabase database = emptyDatabase();
        try (JdbcConsentStore store = database.openStore()) {
            String a = store.enroll("Hospital A").pseudonym();
            JdbcUseLog uses = new JdbcUseLog(store.dataSource());
            uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY, List.of(new JdbcUseLog.IssuedVerdict(a, Verdict.PERMIT)), T0);
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE snapshot_verdict_part SET verdicts = '{\"" + a + "\": \"MAYBE\"'");
            }

            assertThatThrownBy(() -> uses.recordUse("study-1", 1, "Hospital A", List.of(a), T0))
                    .hasMessageContaining("verdicts")
                    .satisfies(failure -> ConsentStoreContract.assertQuotesNone(failure, a));
            assertThat(uses.usesOf(a)).isEmpty();
        }
    }

    private static void enrollAsVersion3(Connection c, String pseudonym, String codeSymbol) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO enrollment (pseudonym, hospital, code_sha256, enrolled_at) VALUES (?, 'Hospital A', ?, ?)")) {
            insert.setString(1, pseudonym);
            insert.setString(2, codeSymbol.repeat(64));
            insert.setObject(3, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** Brings a new database to schema version 3, enrolls A and B as it did, and issues these snapshots as it kept them. */
    private static void issueAsVersion3(HikariDataSource pool, Version3Snapshot... snapshots) throws Exception {
        ConsentSchema.migrate(pool, MigrationVersion.fromVersion("3"));
        try (Connection c = pool.getConnection()) {
            enrollAsVersion3(c, A, "a");
            enrollAsVersion3(c, B, "b");
            for (Version3Snapshot snapshot : snapshots) {
                snapshotAsVersion3(c, snapshot);
            }
        }
    }

    private static void snapshotAsVersion3(Connection c, Version3Snapshot snapshot) throws Exception {
        long id;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO snapshot_issued (hospital, study_id, round_no, "
                + "declared_use_json, issued_at) VALUES ('Hospital A', 'study-1', ?, ?, ?)", new String[] {"id"})) {
            insert.setInt(1, snapshot.round());
            insert.setString(2, JSON.writeValueAsString(LEUKEMIA_STUDY));
            insert.setObject(3, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO snapshot_verdict (snapshot_id, pseudonym, verdict) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> verdict : snapshot.verdicts().entrySet()) {
                insert.setLong(1, id);
                insert.setString(2, verdict.getKey());
                insert.setString(3, verdict.getValue());
                insert.executeUpdate();
            }
        }
    }

    /** The decision of each patient's only use in the ledger. */
    private static List<String> decisionsOf(JdbcConsentStore store, String... pseudonyms) throws Exception {
        List<String> decisions = new ArrayList<>();
        for (String pseudonym : pseudonyms) {
            List<String> each = decisions(store, pseudonym);
            assertThat(each).hasSize(1);
            decisions.addAll(each);
        }
        return decisions;
    }

    /** The decisions of a patient's uses in the ledger, oldest first. */
    private static List<String> decisions(JdbcConsentStore store, String pseudonym) throws Exception {
        JdbcLedger ledger = new JdbcLedger(store.dataSource());
        List<String> decisions = new ArrayList<>();
        for (var entry : ledger.patientLedger(pseudonym, ledger.size()).entries()) {
            JsonNode body = JSON.readTree(entry.body());
            assertThat(body.get("type").asText()).isEqualTo("use");
            decisions.add(body.get("decision").asText());
        }
        return decisions;
    }

    private static List<Integer> partLengths(JdbcConsentStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT CHAR_LENGTH(verdicts) FROM snapshot_verdict_part ORDER BY snapshot_id, part_no")) {
            List<Integer> lengths = new ArrayList<>();
            while (rows.next()) {
                lengths.add(rows.getInt(1));
            }
            return lengths;
        }
    }
}
