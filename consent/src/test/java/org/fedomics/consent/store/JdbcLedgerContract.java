package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.consent.store.ConsentStoreContract.T0;
import static org.fedomics.consent.store.ConsentStoreContract.gru;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fedomics.consent.ledger.Checkpoint;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.InMemoryMerkleLog;
import org.fedomics.consent.ledger.LedgerEntry;
import org.fedomics.consent.ledger.LedgerEvent;
import org.fedomics.consent.ledger.PatientLedger;
import org.fedomics.consent.ledger.Rfc6962;
import org.fedomics.consent.ledger.Rfc6962Verifier;
import org.fedomics.consent.ledger.SignedTreeHead;
import org.fedomics.consent.policy.Verdict;
import org.fedomics.consent.study.DeclaredUse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the stored ledger must do on every database (embedded H2, PostgreSQL): every consent
 * change and every use is a leaf written with it, the stored tree is the RFC 6962 tree of those
 * leaves, and a patient's entries come with proofs that verify. Subclasses only say how to open a
 * store on an empty, migrated database.
 */
abstract class JdbcLedgerContract {
    static final DeclaredUse LEUKEMIA_STUDY = new DeclaredUse("DUO:0000007", List.of("MONDO:0005059"), false, true, false,
            "Hospital A", null);
    private static final ObjectMapper JSON = new ObjectMapper();

    protected JdbcConsentStore store;
    protected JdbcUseLog uses;
    protected JdbcLedger ledger;

    /** A store on an empty, migrated database; closed after each test. */
    protected abstract JdbcConsentStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
        uses = new JdbcUseLog(store.dataSource());
        ledger = new JdbcLedger(store.dataSource());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void emptyLedger_hasSizeZeroAndTheEmptyRoot() {
        assertThat(ledger.size()).isZero();
        assertThat(ledger.root(0)).isEqualTo(Rfc6962.EMPTY_ROOT);
        assertThat(ledger.latestSignedHead()).isEmpty();
    }

    @Test
    void consentChange_isOneLeaf_whoseBodyIsTheConsentWithoutThePseudonym_committedToThePatient() throws Exception {
        String p = store.enroll("Hospital A").pseudonym();

        store.append(gru(p, 1));

        PatientLedger mine = ledger.patientLedger(p, ledger.size());
        assertThat(ledger.size()).isEqualTo(1);
        assertThat(mine.entries()).hasSize(1);
        LedgerEntry entry = mine.entries().get(0);
        JsonNode body = JSON.readTree(entry.body());
        assertThat(body.get("type").asText()).isEqualTo("consent-change");
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("permission").asText()).isEqualTo("DUO:0000042");
        assertThat(body.get("recordedAt").asText()).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(entry.body()).doesNotContain(p);
        assertProves(mine, p);
    }

    @Test
    void use_isOneLeafPerPatient_withThePurposeAndDecisionTheSnapshotGaveThem() throws Exception {
        String a = store.enroll("Hospital A").pseudonym();
        String b = store.enroll("Hospital A").pseudonym();
        uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY,
                List.of(new JdbcUseLog.IssuedVerdict(a, Verdict.PERMIT), new JdbcUseLog.IssuedVerdict(b, Verdict.DENY)), T0);

        uses.recordUse("study-1", 1, "Hospital A", List.of(a, b), T0.plusSeconds(30));

        assertThat(ledger.size()).isEqualTo(2);
        JsonNode useOfA = JSON.readTree(only(ledger.patientLedger(a, 2)).body());
        assertThat(useOfA.get("type").asText()).isEqualTo("use");
        assertThat(useOfA.get("studyId").asText()).isEqualTo("study-1");
        assertThat(useOfA.get("round").asInt()).isEqualTo(1);
        assertThat(useOfA.get("hospital").asText()).isEqualTo("Hospital A");
        assertThat(useOfA.get("decision").asText()).isEqualTo("PERMIT");
        assertThat(useOfA.get("usedAt").asText()).isEqualTo(T0.plusSeconds(30).toString());
        assertThat(JSON.treeToValue(useOfA.get("purpose"), DeclaredUse.class)).isEqualTo(LEUKEMIA_STUDY);
        assertThat(JSON.readTree(only(ledger.patientLedger(b, 2)).body()).get("decision").asText())
                .as("a use the snapshot denied is recorded as such, as evidence").isEqualTo("DENY");
    }

    @Test
    void use_afterSeveralSnapshots_isRecordedWithTheLatest_andWithoutOneSaysSo() throws Exception {
        String a = store.enroll("Hospital A").pseudonym();
        String b = store.enroll("Hospital A").pseudonym();
        uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY, List.of(new JdbcUseLog.IssuedVerdict(a, Verdict.DENY)), T0);
        uses.recordSnapshot("Hospital A", "study-1", 1, LEUKEMIA_STUDY, List.of(new JdbcUseLog.IssuedVerdict(a, Verdict.PERMIT)), T0);
        uses.recordSnapshot("Hospital B", "study-1", 1, LEUKEMIA_STUDY, List.of(new JdbcUseLog.IssuedVerdict(b, Verdict.PERMIT)), T0);

        uses.recordUse("study-1", 1, "Hospital A", List.of(a, b), T0);

        assertThat(JSON.readTree(only(ledger.patientLedger(a, 2)).body()).get("decision").asText()).isEqualTo("PERMIT");
        JsonNode useOfB = JSON.readTree(only(ledger.patientLedger(b, 2)).body());
        assertThat(useOfB.get("decision").asText()).as("hospital B's snapshot does not cover hospital A's use")
                .isEqualTo(LedgerEvent.Use.NO_SNAPSHOT);
        assertThat(useOfB.get("purpose").isNull()).isTrue();
    }

    @Test
    void refusedWrites_addNoLeaf() {
        String p = store.enroll("Hospital A").pseudonym();
        store.append(gru(p, 1));

        assertThatThrownBy(() -> store.append(gru(p, 3))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.append(gru("P-0000000000000000", 1))).isInstanceOf(UnknownPseudonymException.class);
        assertThatThrownBy(() -> uses.recordUse("study-1", 1, "Hospital A", List.of(p, "P-0000000000000000"), T0))
                .isInstanceOf(UnknownPseudonymException.class);

        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.patientLedger(p, 1).entries()).hasSize(1);
    }

    @Test
    void crashAtCommit_leavesNeitherTheChangeNorItsLeaf() {
        String p = store.enroll("Hospital A").pseudonym();
        var failing = ConsentStoreContract.failingCommits(store.dataSource());
        JdbcConsentStore failingStore = new JdbcConsentStore(failing, Clock.fixed(T0, ZoneOffset.UTC), new SecureRandom());

        assertThatThrownBy(() -> failingStore.append(gru(p, 1))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> new JdbcUseLog(failing).recordUse("study-1", 1, "Hospital A", List.of(p), T0))
                .isInstanceOf(StoreException.class);

        assertThat(ledger.size()).isZero();
        assertThat(uses.usesOf(p)).isEmpty();
        store.append(gru(p, 1));
        assertThat(ledger.patientLedger(p, 1).entries()).extracting(LedgerEntry::leafIndex).containsExactly(0L);
    }

    @Test
    void ledgerThatCannotBeAppendedTo_refusesTheChangeItself() throws Exception {
        String p = store.enroll("Hospital A").pseudonym();
        store.append(gru(p, 1));
        store.append(gru(p, 2));
        execute("UPDATE ledger_state SET tree_size = 3 WHERE id = 1");

        assertThatThrownBy(() -> store.append(gru(p, 3))).hasMessageContaining("missing");
        assertThatThrownBy(() -> uses.recordUse("study-1", 1, "Hospital A", List.of(p), T0)).hasMessageContaining("missing");

        assertThat(store.history(p)).hasSize(2);
        assertThat(uses.usesOf(p)).isEmpty();
        assertThat(count("ledger_leaf")).isEqualTo(2);
    }

    @Test
    void storedLog_hasTheSameRootsAndProofsAsTheInMemoryLogOfItsLeaves() throws Exception {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            patients.add(store.enroll("Hospital A").pseudonym());
        }
        for (int round = 1; round <= 7; round++) {
            for (int i = 0; i < patients.size(); i++) {
                if ((round + i) % 3 == 0) {
                    store.append(gru(patients.get(i), store.history(patients.get(i)).size() + 1));
                }
            }
            uses.recordUse("study-1", round, "Hospital A", patients.subList(0, 1 + round % patients.size()), T0.plusSeconds(round));
        }
        InMemoryMerkleLog reference = new InMemoryMerkleLog();
        for (byte[] data : leafData()) {
            reference.append(data);
        }
        long size = ledger.size();

        assertThat(reference.size()).isEqualTo(size).isGreaterThan(30);
        for (long n = 0; n <= size; n++) {
            assertThat(ledger.root(n)).as("root of %d", n).isEqualTo(reference.root(n));
            assertThat(ledger.consistencyProof(n / 2, n)).isEqualTo(reference.consistencyProof(n / 2, n));
        }
        for (String p : patients) {
            for (LedgerEntry entry : ledger.patientLedger(p, size).entries()) {
                assertThat(entry.inclusionProof()).isEqualTo(reference.inclusionProof(entry.leafIndex(), size));
            }
        }
    }

    @Test
    void patientLedger_holdsOnlyThatPatientsEntries_andEachProves() throws Exception {
        String a = store.enroll("Hospital A").pseudonym();
        String b = store.enroll("Hospital A").pseudonym();
        store.append(gru(a, 1));
        store.append(gru(b, 1));
        uses.recordUse("study-1", 1, "Hospital A", List.of(b, a), T0);
        store.append(gru(a, 2));

        PatientLedger ofA = ledger.patientLedger(a, ledger.size());
        PatientLedger ofB = ledger.patientLedger(b, ledger.size());

        assertThat(ofA.entries()).extracting(LedgerEntry::leafIndex).containsExactly(0L, 3L, 4L);
        assertThat(ofB.entries()).extracting(LedgerEntry::leafIndex).containsExactly(1L, 2L);
        assertThat(ofA.commitmentKey().base64()).isNotEqualTo(ofB.commitmentKey().base64());
        assertProves(ofA, a);
        assertProves(ofB, b);
        for (LedgerEntry entry : ofA.entries()) {
            assertThat(ofB.commitmentKey().commit(b, entry.leafData().bodyHash())).as("B's key on A's leaf")
                    .isNotEqualTo(entry.leafData().commitment());
        }
    }

    @Test
    void patientLedger_atAnEarlierSize_leavesOutLaterEntries_andASizeNotReachedIsRefused() throws Exception {
        String a = store.enroll("Hospital A").pseudonym();
        store.append(gru(a, 1));
        store.append(gru(a, 2));
        store.append(gru(a, 3));

        PatientLedger atTwo = ledger.patientLedger(a, 2);

        assertThat(atTwo.entries()).extracting(LedgerEntry::leafIndex).containsExactly(0L, 1L);
        assertThat(atTwo.root()).isEqualTo(ledger.root(2));
        assertProves(atTwo, a);
        assertThatThrownBy(() -> ledger.patientLedger(a, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 3 leaves");
        assertThatThrownBy(() -> ledger.consistencyProof(1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.consistencyProof(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ledger.patientLedger(store.enroll("Hospital A").pseudonym(), 3).commitmentKey())
                .as("no entries yet, no key yet").isNull();
    }

    @Test
    void concurrentWriters_appendOneLogWithoutForkOrGap() throws Exception {
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            patients.add(store.enroll("Hospital A").pseudonym());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (String p : patients) {
                writers.add(pool.submit(() -> {
                    for (int v = 1; v <= 8; v++) {
                        store.append(gru(p, v));
                        uses.recordUse("study-1", v, "Hospital A", List.of(p), T0);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        InMemoryMerkleLog reference = new InMemoryMerkleLog();
        leafData().forEach(reference::append);
        assertThat(ledger.size()).isEqualTo(4 * 16);
        assertThat(reference.size()).isEqualTo(4 * 16);
        assertThat(ledger.root(64)).isEqualTo(reference.root(64));
    }

    @Test
    void signedHeads_areKeptOnePerSize() {
        Hash root = Rfc6962.sha256(new byte[] {1});
        SignedTreeHead first = new SignedTreeHead(new Checkpoint("test/log", 0, Rfc6962.EMPTY_ROOT), "a.b.c");
        SignedTreeHead second = new SignedTreeHead(new Checkpoint("test/log", 0, Rfc6962.EMPTY_ROOT), "d.e.f");
        SignedTreeHead later = new SignedTreeHead(new Checkpoint("test/log", 5, root), "g.h.i");

        assertThat(ledger.saveSignedHead(first, T0)).isEqualTo(first);
        assertThat(ledger.saveSignedHead(second, T0)).as("the head kept first wins").isEqualTo(first);
        ledger.saveSignedHead(later, T0);

        assertThat(ledger.signedHead(0)).contains(first);
        assertThat(ledger.signedHead(5)).contains(later);
        assertThat(ledger.signedHead(3)).isEmpty();
        assertThat(ledger.latestSignedHead()).contains(later);
    }

    /** Every proof in a patient's ledger verifies, each body hashes to its leaf, each commitment opens to the patient. */
    static void assertProves(PatientLedger ledger, String pseudonym) throws Exception {
        for (LedgerEntry entry : ledger.entries()) {
            assertThat(Rfc6962.sha256(entry.body().getBytes(StandardCharsets.UTF_8))).isEqualTo(entry.leafData().bodyHash());
            assertThat(ledger.commitmentKey().commit(pseudonym, entry.leafData().bodyHash())).isEqualTo(entry.leafData().commitment());
            Rfc6962Verifier.verifyInclusion(entry.leafIndex(), ledger.treeSize(), entry.leafData().leafHash(), entry.inclusionProof(),
                    ledger.root());
        }
    }

    private static LedgerEntry only(PatientLedger ledger) {
        assertThat(ledger.entries()).hasSize(1);
        return ledger.entries().get(0);
    }

    private List<byte[]> leafData() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT leaf_data FROM ledger_leaf ORDER BY leaf_index")) {
            List<byte[]> data = new ArrayList<>();
            while (rows.next()) {
                data.add(rows.getBytes(1));
            }
            return data;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private long count(String table) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
