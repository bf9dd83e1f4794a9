package org.fedomics.consent.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.InMemoryMerkleLog;
import org.fedomics.consent.ledger.InvalidProofException;
import org.fedomics.consent.ledger.LedgerEntry;
import org.fedomics.consent.ledger.MerkleTree;
import org.fedomics.consent.ledger.PatientLedger;
import org.fedomics.consent.ledger.Rfc6962;
import org.fedomics.consent.ledger.Rfc6962Verifier;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.policy.Verdict;
import org.fedomics.consent.store.JdbcConsentStore;
import org.fedomics.consent.store.JdbcLedger;
import org.fedomics.consent.store.JdbcUseLog;
import org.fedomics.consent.study.DeclaredUse;

/**
 * The ledger's rows of the consent benchmark. Store-backed: appends as the service makes them (a
 * consent change with its leaf per transaction, a use report of many patients per transaction)
 * on an H2 file database, and a patient's entries with their inclusion proofs read back. At ten
 * million leaves, in memory (the level store the database-backed log is tested against):
 * appends, and inclusion and consistency proof generation and verification.
 */
final class LedgerBench {
    private static final int PATIENTS = 500;
    private static final int PATIENTS_PER_REPORT = 100;
    private static final int CHUNK = 1000;
    private static final long SEED = 6962;
    /** The declared use recorded with the bench's snapshots: general research. */
    private static final DeclaredUse BENCH_USE = new DeclaredUse("DUO:0000042", List.of(), false, true, false, "bench-institution", null);

    private LedgerBench() {
    }

    static void storeBacked(BenchTable table, Path dir, int appends) {
        try (JdbcConsentStore store = JdbcConsentStore.open("jdbc:h2:file:" + dir.resolve("consent").toAbsolutePath(), "sa",
                new char[0])) {
            JdbcUseLog uses = new JdbcUseLog(store.dataSource(), new SecureRandom());
            JdbcLedger ledger = new JdbcLedger(store.dataSource());
            List<String> patients = new ArrayList<>(PATIENTS);
            for (int i = 0; i < PATIENTS; i++) {
                patients.add(store.enroll("bench-hospital").pseudonym());
            }
            int[] versions = new int[PATIENTS];
            consentChanges(store, patients, versions, Math.min(appends, 1000));

            long start = System.nanoTime();
            consentChanges(store, patients, versions, appends);
            long changes = System.nanoTime() - start;
            table.row("ledger appends: one consent change per transaction", count(appends) + " on an H2 file",
                    BenchTable.perSecond(appends, changes), "store-backed, with the change itself; H2 default write delay");

            int reports = Math.max(1, appends / PATIENTS_PER_REPORT);
            long reporting = 0;
            for (int round = 1; round <= reports; round++) {
                List<String> used = new ArrayList<>(PATIENTS_PER_REPORT);
                List<JdbcUseLog.IssuedVerdict> verdicts = new ArrayList<>(PATIENTS_PER_REPORT);
                for (int i = 0; i < PATIENTS_PER_REPORT; i++) {
                    String p = patients.get((round * PATIENTS_PER_REPORT + i) % PATIENTS);
                    used.add(p);
                    verdicts.add(new JdbcUseLog.IssuedVerdict(p, Verdict.PERMIT));
                }
                uses.recordSnapshot("bench-hospital", "bench-study", round, BENCH_USE, verdicts, Instant.now());
                long t = System.nanoTime();
                uses.recordUse("bench-study", round, "bench-hospital", used, Instant.now());
                reporting += System.nanoTime() - t;
            }
            table.row("ledger appends: use reports of " + PATIENTS_PER_REPORT + " patients",
                    count((long) reports * PATIENTS_PER_REPORT) + " on an H2 file",
                    BenchTable.perSecond((long) reports * PATIENTS_PER_REPORT, reporting), "store-backed; one transaction per report");

            long size = ledger.size();
            SplittableRandom random = new SplittableRandom(SEED);
            int reads = 200;
            long entries = 0;
            List<PatientLedger> read = new ArrayList<>(reads);
            start = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                PatientLedger mine = ledger.patientLedger(patients.get(random.nextInt(PATIENTS)), size);
                entries += mine.entries().size();
                read.add(mine);
            }
            long reading = System.nanoTime() - start;
            table.row("a patient's entries with inclusion proofs", count(size) + " leaves on an H2 file",
                    BenchTable.millisEach(reads, reading),
                    String.format("store-backed; %.1f entries per patient", (double) entries / reads));
            start = System.nanoTime();
            for (PatientLedger mine : read) {
                for (LedgerEntry entry : mine.entries()) {
                    verify(entry.leafIndex(), size, entry.leafData().leafHash(), entry.inclusionProof(), mine.root());
                }
            }
            table.row("inclusion proof verification", count(size) + " leaves", BenchTable.microsEach(entries, System.nanoTime() - start),
                    "as a portal or auditor checks them");
        }
    }

    private static void consentChanges(JdbcConsentStore store, List<String> patients, int[] versions, int count) {
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            int p = i % PATIENTS;
            versions[p]++;
            store.append(new ConsentRecord(patients.get(p), versions[p], DuoPermission.GRU, Set.of(), Set.of(), Map.of(),
                    Set.of(), Set.of(), now, null, false, now));
        }
    }

    static void inMemory(BenchTable table, long leaves, int proofs) {
        InMemoryMerkleLog log = new InMemoryMerkleLog();
        ByteBuffer data = ByteBuffer.allocate(Long.BYTES);
        long start = System.nanoTime();
        for (long i = 0; i < leaves; i++) {
            log.append(data.putLong(0, i).array());
        }
        long building = System.nanoTime() - start;
        String scale = count(leaves) + " leaves, in memory";
        table.row("ledger appends (RFC 6962 leaf + completed nodes)", scale, BenchTable.perSecond(leaves, building),
                "in-memory level store, one thread");

        Hash root = log.root();
        SplittableRandom random = new SplittableRandom(SEED);
        inclusion(log, root, leaves, Math.min(proofs, 20_000), random);
        long[] inclusion = inclusion(log, root, leaves, proofs, random);
        table.row("inclusion proof generation", scale, BenchTable.microsEach(proofs, inclusion[0]),
                "one batch read of " + inclusion[2] / proofs + " nodes on average");
        table.row("inclusion proof verification", scale, BenchTable.microsEach(proofs, inclusion[1]),
                inclusion[3] / proofs + " hashes per proof");
        long[] consistency = consistency(log, root, leaves, proofs, random);
        table.row("consistency proof generation", scale, BenchTable.microsEach(proofs, consistency[0]), "from a random earlier size");
        table.row("consistency proof verification", scale, BenchTable.microsEach(proofs, consistency[1]),
                consistency[3] / proofs + " hashes per proof");
    }

    /** Nanoseconds generating, nanoseconds verifying, nodes read, proof hashes; in chunks so that the proofs need little memory. */
    private static long[] inclusion(InMemoryMerkleLog log, Hash root, long size, int proofs, SplittableRandom random) {
        long[] totals = new long[4];
        MerkleTree tree = new MerkleTree(ids -> {
            totals[2] += ids.size();
            return log.read(ids);
        });
        ByteBuffer data = ByteBuffer.allocate(Long.BYTES);
        for (int done = 0; done < proofs; done += CHUNK) {
            int n = Math.min(CHUNK, proofs - done);
            long[] indices = new long[n];
            Hash[] leafHashes = new Hash[n];
            for (int i = 0; i < n; i++) {
                indices[i] = random.nextLong(size);
                leafHashes[i] = Rfc6962.hashLeaf(data.putLong(0, indices[i]).array());
            }
            List<List<Hash>> generated = new ArrayList<>(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                generated.add(tree.inclusionProof(indices[i], size));
            }
            totals[0] += System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                verify(indices[i], size, leafHashes[i], generated.get(i), root);
            }
            totals[1] += System.nanoTime() - start;
            for (List<Hash> proof : generated) {
                totals[3] += proof.size();
            }
        }
        return totals;
    }

    private static long[] consistency(InMemoryMerkleLog log, Hash root, long size, int proofs, SplittableRandom random) {
        long[] totals = new long[4];
        for (int done = 0; done < proofs; done += CHUNK) {
            int n = Math.min(CHUNK, proofs - done);
            long[] sizes = new long[n];
            Hash[] roots = new Hash[n];
            for (int i = 0; i < n; i++) {
                sizes[i] = 1 + random.nextLong(size - 1);
                roots[i] = log.root(sizes[i]);
            }
            List<List<Hash>> generated = new ArrayList<>(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                generated.add(log.consistencyProof(sizes[i], size));
            }
            totals[0] += System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try {
                    Rfc6962Verifier.verifyConsistency(sizes[i], size, generated.get(i), roots[i], root);
                } catch (InvalidProofException e) {
                    throw new IllegalStateException("a generated consistency proof did not verify: " + e.getMessage(), e);
                }
            }
            totals[1] += System.nanoTime() - start;
            for (List<Hash> proof : generated) {
                totals[3] += proof.size();
            }
        }
        return totals;
    }

    private static void verify(long index, long size, Hash leafHash, List<Hash> proof, Hash root) {
        try {
            Rfc6962Verifier.verifyInclusion(index, size, leafHash, proof, root);
        } catch (InvalidProofException e) {
            throw new IllegalStateException("a generated inclusion proof did not verify: " + e.getMessage(), e);
        }
    }

    private static String count(long n) {
        return BenchTable.count(n);
    }
}
