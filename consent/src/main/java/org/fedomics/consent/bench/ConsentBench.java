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
 * rows to one {@link BenchTable}; the ledger's come first. Not JMH (no forking, short warm-up):
 * good for orders of magnitude on this machine.
 */
public final class ConsentBench {
    /** Bytes of heap per in-memory leaf: 32 for the leaf, 32 for the interior node it completes on average. */
    private static final long BYTES_PER_LEAF = 64;

    /**
     * @param ledgerLeaves leaves of the in-memory log whose proofs are timed (ten million by default)
     * @param storeAppends consent changes (and as many used records) appended to the H2 ledger
     * @param proofs       inclusion and consistency proofs generated and verified at {@code ledgerLeaves}
     */
    public record Options(long ledgerLeaves, int storeAppends, int proofs) {
        public static final Options DEFAULTS = new Options(10_000_000, 5_000, 100_000);

        public Options {
            if (ledgerLeaves < 2 || ledgerLeaves > 1L << 40) {
                throw new IllegalArgumentException("ledger leaves must be 2 to 2^40, got " + ledgerLeaves);
            }
            if (storeAppends < 1 || proofs < 1) {
                throw new IllegalArgumentException("appends and proofs must be at least 1");
            }
        }
    }

    private ConsentBench() {
    }

    public static void main(String[] args) throws IOException {
        run(System.out, args.length > 0 ? new Options(parseCount(args[0]), Options.DEFAULTS.storeAppends(), Options.DEFAULTS.proofs())
                : Options.DEFAULTS);
    }

    /** Runs every section and prints the table to {@code out}; the database lives in a temporary directory, deleted after. */
    public static void run(PrintStream out, Options options) throws IOException {
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
            LedgerBench.storeBacked(table, dir, options.storeAppends());
        } finally {
            deleteTree(dir);
        }
        LedgerBench.inMemory(table, options.ledgerLeaves(), options.proofs());
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
