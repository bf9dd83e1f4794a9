package org.fedomics.consent.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The table the consent benchmarks print: one row per measurement (what, at which scale, the
 * result, a note), printed as soon as it is measured. Each benchmark section adds its own rows.
 */
public final class BenchTable {
    private static final String FORMAT = "%-56s %-30s %16s  %s%n";
    private final PrintStream out;

    public BenchTable(PrintStream out, String title) {
        this.out = Objects.requireNonNull(out, "out");
        out.printf("%s: Java %s, %d CPUs, max heap %d MiB%s%n", title, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                heapOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        out.printf(FORMAT, "measurement", "scale", "result", "note");
    }

    /**
     * The JVM's -X options (heap and collector settings, which decide latency figures), never its
     * -D properties, which can carry secrets.
     */
    static String heapOptions(List<String> jvmArguments) {
        String options = jvmArguments.stream()
                .filter(option -> option.startsWith("-X")).collect(Collectors.joining(" "));
        return options.isEmpty() ? "" : ", " + options;
    }

    public void row(String measurement, String scale, String result, String note) {
        out.printf(FORMAT, measurement, scale, result, note == null ? "" : note);
        out.flush();
    }

    /** "12,345 /s" */
    public static String perSecond(long count, long nanos) {
        return String.format(Locale.ROOT, "%,.0f /s", count / seconds(nanos));
    }

    /** Mean time per operation in microseconds: "12.3 us". */
    public static String microsEach(long count, long nanos) {
        return String.format(Locale.ROOT, "%,.1f us", nanos / 1e3 / count);
    }

    /** Mean time per operation in milliseconds: "1.23 ms". */
    public static String millisEach(long count, long nanos) {
        return String.format(Locale.ROOT, "%,.2f ms", nanos / 1e6 / count);
    }

    /** "10,000,000" */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static double seconds(long nanos) {
        return Math.max(1, nanos) / 1e9;
    }
}
