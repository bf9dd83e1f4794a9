package org.fedomics.consent.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code fedomics bench consent}: the consent service's benchmark table. Each section adds its
 * rows to one {@link BenchTable}: the ledger's, then the decision's, then the API's latency under
 * load from a second process. Not JMH (no forking, short warm-up): good for orders of magnitude on
 * this machine.
 */
public final class ConsentBench {
    /** Bytes of heap per in-memory leaf: 32 for the leaf, 32 for the interior node it completes on average. */
    private static final long BYTES_PER_LEAF = 64;
    /** Patients per node snapshot in the latency run: about one demo hospital's cohort. */
    private static final int SNAPSHOT_PATIENTS = 25;

    /**
     * @param ledgerLeaves leaves of the in-memory log whose proofs are timed (ten million by default)
     * @param storeAppends consent changes (and as many used records) appended to the H2 ledger
     * @param proofs       inclusion and consistency proofs generated and verified at {@code ledgerLeaves}
     * @param decisions    consent records decided on one thread
     * @param rate         API requests per second sent by the second process, to each endpoint in turn
     * @param loadSeconds  seconds of load counted per endpoint
     * @param warmupSeconds seconds before those, not counted, while the load climbs to the rate
     */
    public record Options(long ledgerLeaves, int storeAppends, int proofs, long decisions, int rate, int loadSeconds,
                          int warmupSeconds) {
        public static final Options DEFAULTS = new Options(10_000_000, 5_000, 100_000, 1_000_000, 500, 30, 30);

        public Options {
            if (ledgerLeaves < 2 || ledgerLeaves > 1L << 40) {
                throw new IllegalArgumentException("ledger leaves must be 2 to 2^40, got " + ledgerLeaves);
            }
            if (storeAppends < 1 || proofs < 1) {
                throw new IllegalArgumentException("appends and proofs must be at least 1");
            }
            if (decisions < 1 || decisions > 1_000_000_000) {
                throw new IllegalArgumentException("decisions must be 1 to 1g, got " + decisions);
            }
            if (rate < 1 || rate > 100_000) {
                throw new IllegalArgumentException("the request rate must be 1 to 100,000 per second, got " + rate);
            }
            if (loadSeconds < 1 || loadSeconds > 3_600) {
                throw new IllegalArgumentException("the load must last 1 to 3600 seconds, got " + loadSeconds);
            }
            if (warmupSeconds < 0 || warmupSeconds > 3_600) {
                throw new IllegalArgumentException("the warm-up must last 0 to 3600 seconds, got " + warmupSeconds);
            }
        }

        ApiLatencyBench.Load load() {
            return new ApiLatencyBench.Load(rate, loadSeconds, warmupSeconds, SNAPSHOT_PATIENTS);
        }
    }

    private ConsentBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options d = Options.DEFAULTS;
        run(System.out, args.length > 0 ? new Options(parseCount(args[0]), d.storeAppends(), d.proofs(), d.decisions(), d.rate(),
                d.loadSeconds(), d.warmupSeconds()) : d);
    }

    /** Runs every section and prints the table to {@code out}; databases live in a temporary directory, deleted after. */
    public static void run(PrintStream out, Options options) throws IOException, InterruptedException {
        long needed = options.ledgerLeaves() * BYTES_PER_LEAF;
        long available = Runtime.getRuntime().maxMemory();
        if (needed > available * 3 / 4) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%,d in-memory leaves need about %d MiB of heap and this JVM may use %d MiB: give it more (-Xmx) or fewer leaves",
                    options.ledgerLeaves(), (needed >> 20) * 4 / 3, available >> 20));
        }
        BenchTable table = new BenchTable(out, "fedomics consent bench");
        Path dir = Files.createTempDirectory("fedomics-consent-bench");
        try {
            LedgerBench.storeBacked(table, Files.createDirectory(dir.resolve("ledger")), options.storeAppends());
            LedgerBench.inMemory(table, options.ledgerLeaves(), options.proofs());
            DecisionBench.run(table, options.decisions());
            ApiLatencyBench.run(table, Files.createDirectory(dir.resolve("api")), options.load());
        } finally {
            deleteTree(dir);
        }
    }

    /** A count with an optional decimal suffix: 10m = 10,000,000, 500k = 500,000. */
    public static long parseCount(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("k") ? 1_000 : t.endsWith("m") ? 1_000_000 : t.endsWith("g") ? 1_000_000_000 : 1;
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        if (!digits.matches("[0-9]{1,12}")) {
            throw new IllegalArgumentException("'" + text + "' is not a count such as 5000, 500k or 10m");
        }
        return Math.multiplyExact(Long.parseLong(digits), unit);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
