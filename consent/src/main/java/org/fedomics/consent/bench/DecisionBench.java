package org.fedomics.consent.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.fedomics.consent.policy.ConsentPolicy;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.policy.StudyDataUse;
import org.fedomics.consent.policy.Verdict;

/**
 * The decision row of the consent benchmark: {@link ConsentPolicy#decide} on one thread over
 * generated consent records against the demo's study (disease-specific research on acute
 * lymphoblastic leukemia, non-commercial, ethics approved, developing a model). The records are a
 * seeded mix of every kind of answer: disease-specific consent on an ancestor, on the disease, on
 * an unrelated one; broad permissions; non-commercial, ethics, time-limit and machine-uncheckable
 * modifiers; per-study yes and no; opt-outs and expired consents. They are generated in chunks
 * outside the timing, so memory stays small at any count. Time is counted twice: the deciding
 * thread's CPU time ("on one core", what the decision costs) and wall-clock time (what a busy
 * machine, where other processes take turns on the cores, gives).
 */
final class DecisionBench {
    private static final String STUDY_ID = "study-T2";
    private static final String ALL = "MONDO:0004967";
    private static final String LEUKEMIA = "MONDO:0005059";
    private static final String CANCER = "MONDO:0004992";
    private static final String BREAST_CANCER = "MONDO:0007254";
    private static final int CHUNK = 100_000;
    private static final long SEED = 20_041_990;
    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");

    private DecisionBench() {
    }

    static void run(BenchTable table, long decisions) {
        ConsentPolicy policy = new ConsentPolicy(DiseaseHierarchy.bundled());
        StudyDataUse study = new StudyDataUse(STUDY_ID, DuoPermission.DS, Set.of(ALL), false, true, true, "Leukemia Consortium", null,
                NOW.minus(Duration.ofDays(30)));
        SplittableRandom random = new SplittableRandom(SEED);
        // Warm-up: let the JIT compile the decision before it is timed.
        decideAll(policy, study, generate(random, 0, (int) Math.min(CHUNK, decisions)), new EnumMap<>(Verdict.class));
        decideAll(policy, study, generate(random, 0, (int) Math.min(CHUNK, decisions)), new EnumMap<>(Verdict.class));

        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long wall = 0;
        long cpu = 0;
        for (long done = 0; done < decisions; done += CHUNK) {
            List<ConsentRecord> records = generate(random, done, (int) Math.min(CHUNK, decisions - done));
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            decideAll(policy, study, records, verdicts);
            wall += System.nanoTime() - start;
            cpu += threads.getCurrentThreadCpuTime() - cpuStart;
        }
        String scale = BenchTable.count(decisions) + " records, one thread";
        table.row("consent decisions per second of the thread's CPU time", scale, BenchTable.perSecond(decisions, cpu),
                "target >= 1,000,000 /s on one core; " + shares(verdicts, decisions));
        table.row("consent decisions per second of wall-clock time", scale, BenchTable.perSecond(decisions, wall),
                String.format(Locale.ROOT, "lower when other processes share the cores (load average %.1f on %d)",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors()));
    }

    private static void decideAll(ConsentPolicy policy, StudyDataUse study, List<ConsentRecord> records, Map<Verdict, Long> verdicts) {
        for (ConsentRecord record : records) {
            verdicts.merge(policy.decide(record, study, NOW).verdict(), 1L, Long::sum);
        }
    }

    /** "permit 61%, deny 36%, abstain 3%": the mix decided, so that a faster run is seen to decide the same. */
    private static String shares(Map<Verdict, Long> verdicts, long total) {
        List<String> parts = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            parts.add(String.format(Locale.ROOT, "%s %.1f%%", verdict.name().toLowerCase(Locale.ROOT),
                    100.0 * verdicts.getOrDefault(verdict, 0L) / total));
        }
        return String.join(", ", parts);
    }

    /** {@code count} consents of distinct patients, numbered from {@code first}. */
    private static List<ConsentRecord> generate(SplittableRandom random, long first, int count) {
        List<ConsentRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(consent(random, String.format(Locale.ROOT, "P-%016d", first + i)));
        }
        return records;
    }

    private static ConsentRecord consent(SplittableRandom random, String pseudonym) {
        Instant from = NOW.minus(Duration.ofDays(1 + random.nextInt(730)));
        int kind = random.nextInt(100);
        if (kind < 40) {
            return record(pseudonym, from, DuoPermission.DS, Set.of(LEUKEMIA), Map.of(), Set.of(), Set.of(), null, false);
        } else if (kind < 50) {
            return record(pseudonym, from, DuoPermission.DS, Set.of(LEUKEMIA), Map.of(DuoModifier.NCU, ""), Set.of(), Set.of(), null,
                    false);
        } else if (kind < 58) {
            return record(pseudonym, from, DuoPermission.HMB, Set.of(), Map.of(), Set.of(), Set.of(), null, false);
        } else if (kind < 65) {
            return record(pseudonym, from, DuoPermission.GRU, Set.of(), Map.of(), Set.of(), Set.of(), null, true);
        } else if (kind < 70) {
            return record(pseudonym, from, DuoPermission.DS, Set.of(BREAST_CANCER), Map.of(), Set.of(), Set.of(), null, false);
        } else if (kind < 75) {
            return record(pseudonym, from, DuoPermission.GRU, Set.of(), Map.of(DuoModifier.IRB, ""), Set.of(), Set.of(), null, false);
        } else if (kind < 80) {
            return record(pseudonym, from, DuoPermission.GRU, Set.of(), Map.of(DuoModifier.TS, "12"), Set.of(), Set.of(), null, false);
        } else if (kind < 85) {
            return record(pseudonym, from, DuoPermission.HMB, Set.of(), Map.of(), Set.of(), Set.of(STUDY_ID), null, false);
        } else if (kind < 88) {
            return record(pseudonym, from, DuoPermission.POA, Set.of(), Map.of(), Set.of(), Set.of(), null, false);
        } else if (kind < 90) {
            return record(pseudonym, from, DuoPermission.POA, Set.of(), Map.of(), Set.of(STUDY_ID), Set.of(), null, false);
        } else if (kind < 95) {
            return record(pseudonym, from, DuoPermission.DS, Set.of(CANCER), Map.of(DuoModifier.NPUNCU, ""), Set.of(), Set.of(), null,
                    false);
        } else if (kind < 98) {
            return record(pseudonym, from, DuoPermission.GRU, Set.of(), Map.of(DuoModifier.GS, ""), Set.of(), Set.of(), null, false);
        }
        return record(pseudonym, from, DuoPermission.GRU, Set.of(), Map.of(), Set.of(), Set.of(), from.plus(Duration.ofDays(1)), false);
    }

    /** A consent; modifiers map to their parameter, "" for none. */
    private static ConsentRecord record(String pseudonym, Instant from, DuoPermission permission, Set<String> diseases,
                                        Map<DuoModifier, String> modifiers, Set<String> permitted, Set<String> denied, Instant until,
                                        boolean optedOut) {
        Map<DuoModifier, String> parameters = new EnumMap<>(DuoModifier.class);
        modifiers.forEach((modifier, parameter) -> {
            if (!parameter.isEmpty()) {
                parameters.put(modifier, parameter);
            }
        });
        return new ConsentRecord(pseudonym, 1, permission, diseases, modifiers.keySet(), parameters, permitted, denied, from, until,
                optedOut, from);
    }
}
