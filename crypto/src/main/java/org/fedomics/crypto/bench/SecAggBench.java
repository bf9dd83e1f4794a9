package org.fedomics.crypto.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.secagg.FixedPoint;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.fedomics.crypto.secagg.SecAggCoordinator;
import org.fedomics.crypto.secagg.SecAggNode;

/**
 * Secure aggregation measured in-process on one thread: every node and the coordinator of a
 * session run one after the other, each stage timed, next to the insecure plain sum of the same
 * vectors sent as float32 (the baseline a study would have without secure aggregation).
 *
 * <p>Inputs are uniform in [-1, 1], encoded with {@link FixedPoint#forNodes} in k = 32 bits; the
 * threshold is the smallest majority, n / 2 + 1; the dropped nodes leave after sharing keys,
 * before sending their masked input, which is the expensive case for the coordinator (it must
 * rebuild their mask keys and remove one pairwise mask per survivor and dropped node).
 *
 * <p>Usage: {@code java ... org.fedomics.crypto.bench.SecAggBench [nodes [params [dropouts]]]},
 * comma-separated lists (defaults: {@link #DEFAULT_NODES}, {@link #DEFAULT_PARAMS}, {@link #DEFAULT_DROPOUTS}).
 */
public final class SecAggBench {

    /** Default grid, as comma-separated lists (also the command line's defaults). */
    public static final String DEFAULT_NODES = "3,10,50,100";
    public static final String DEFAULT_PARAMS = "10000,100000,1000000";
    public static final String DEFAULT_DROPOUTS = "0,0.1,0.3";

    static final int MODULUS_BITS = 32;
    private static final int WARM_UP_NODES = 10;
    private static final double CLIP = 1.0;

    /** The configurations to run: every combination of the three lists. */
    public record Grid(List<Integer> nodes, List<Integer> params, List<Double> dropouts) {
        public Grid {
            nodes = List.copyOf(nodes);
            params = List.copyOf(params);
            dropouts = List.copyOf(dropouts);
            if (nodes.isEmpty() || params.isEmpty() || dropouts.isEmpty()) {
                throw new IllegalArgumentException("--nodes, --params and --dropout each need at least one value");
            }
            for (int n : nodes) {
                if (n < 3 || n > SecAggConfig.MAX_ROSTER) {
                    throw new IllegalArgumentException("--nodes " + n + " is out of range 3.." + SecAggConfig.MAX_ROSTER);
                }
            }
            for (int m : params) {
                if (m < 1 || m > 10_000_000) {
                    throw new IllegalArgumentException("--params " + m + " is out of range 1..10000000");
                }
            }
            for (double dropout : dropouts) {
                if (!(dropout >= 0 && dropout < 1)) {
                    throw new IllegalArgumentException("--dropout " + dropout + " must be in [0, 1)");
                }
                for (int n : nodes) {
                    int survivors = n - dropped(n, dropout);
                    if (survivors < threshold(n)) {
                        throw new IllegalArgumentException("--dropout " + dropout + " leaves " + survivors + " of " + n
                                + " nodes, below the threshold " + threshold(n));
                    }
                }
            }
        }
    }

    /** One configuration's figures. Times are seconds on one thread; bytes are what one node sends and receives. */
    public record Row(int nodes, int params, double dropout, int threshold, int survivors,
                      @JsonProperty("node_seconds_mean") double nodeSecondsMean,
                      @JsonProperty("node_seconds_max") double nodeSecondsMax,
                      @JsonProperty("coordinator_seconds") double coordinatorSeconds,
                      @JsonProperty("bytes_sent_per_node") long bytesSentPerNode,
                      @JsonProperty("bytes_received_per_node") long bytesReceivedPerNode,
                      @JsonProperty("expansion_over_float32") double expansionOverFloat32,
                      @JsonProperty("plain_node_seconds") double plainNodeSeconds,
                      @JsonProperty("plain_coordinator_seconds") double plainCoordinatorSeconds,
                      @JsonProperty("sum_matches_plain") boolean sumMatchesPlain) {

        /** Secure node time over plain node time. */
        @JsonProperty("node_ratio")
        public double nodeRatio() {
            return nodeSecondsMean / plainNodeSeconds;
        }

        /** Secure coordinator time over plain coordinator time. */
        @JsonProperty("coordinator_ratio")
        public double coordinatorRatio() {
            return coordinatorSeconds / plainCoordinatorSeconds;
        }
    }

    private SecAggBench() {
    }

    public static void main(String[] args) throws Exception {
        Grid grid = new Grid(parseInts(args.length > 0 ? args[0] : DEFAULT_NODES),
                parseInts(args.length > 1 ? args[1] : DEFAULT_PARAMS),
                parseDoubles(args.length > 2 ? args[2] : DEFAULT_DROPOUTS));
        run(System.out, grid);
    }

    /** Runs every configuration of the grid and prints one table row each, as it completes. */
    public static List<Row> run(PrintStream out, Grid grid) {
        int maxNodes = Math.max(WARM_UP_NODES, grid.nodes().stream().mapToInt(Integer::intValue).max().orElseThrow());
        ConsortiumCa ca = ConsortiumCa.create("secagg-bench", Clock.systemUTC());
        List<Credential> credentials = IntStream.range(0, maxNodes)
                .mapToObj(i -> ca.issue(new ParticipantIdentity(Role.NODE, name(i)), List.of(), Duration.ofDays(1))).toList();
        // the JIT needs a few sessions before AES-CTR and the add loops reach full speed
        for (int i = 0; i < 5; i++) {
            measure(ca, credentials, WARM_UP_NODES, 50_000, 0.1, 1000 + i);
        }
        out.printf("fedomics secagg bench: in-process, one thread, k = %d, threshold n/2+1, dropouts leave after sharing keys%n",
                MODULUS_BITS);
        // wall-clock times: on a machine busy with other work they grow with the load
        out.printf("Java %s, %d CPUs, load average %.1f%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.printf("%5s %8s %5s %4s %5s | %9s %9s | %9s | %11s %11s %6s | %9s %9s | %7s %7s | %s%n",
                "nodes", "params", "drop", "t", "alive", "node s", "node max", "coord s",
                "sent/node", "recv/node", "x f32", "plain nd", "plain crd", "node x", "coord x", "sum");
        List<Row> rows = new ArrayList<>();
        long seed = 1;
        for (int nodes : grid.nodes()) {
            for (int params : grid.params()) {
                for (double dropout : grid.dropouts()) {
                    Row row = measure(ca, credentials, nodes, params, dropout, seed++);
                    rows.add(row);
                    out.printf("%5d %8d %5.2f %4d %5d | %9.4f %9.4f | %9.4f | %11d %11d %6.3f | %9.5f %9.5f | %7.1f %7.1f | %s%n",
                            row.nodes(), row.params(), row.dropout(), row.threshold(), row.survivors(),
                            row.nodeSecondsMean(), row.nodeSecondsMax(), row.coordinatorSeconds(),
                            row.bytesSentPerNode(), row.bytesReceivedPerNode(), row.expansionOverFloat32(),
                            row.plainNodeSeconds(), row.plainCoordinatorSeconds(), row.nodeRatio(), row.coordinatorRatio(),
                            row.sumMatchesPlain() ? "ok" : "WRONG");
                }
            }
        }
        out.println("node s: mean over surviving nodes of all four stages (encode included); coord s: every receive and close,");
        out.println("decode included; sent/recv: bytes per surviving node over the session; x f32: sent over 4 bytes x params;");
        out.println("plain: the insecure sum of the same vectors as float32 (node: encode, coordinator: decode and add).");
        return rows;
    }

    private static Row measure(ConsortiumCa ca, List<Credential> credentials, int nodes, int params, double dropout, long seed) {
        List<String> roster = IntStream.range(0, nodes).mapToObj(SecAggBench::name).toList();
        int threshold = threshold(nodes);
        SecAggConfig config = new SecAggConfig("bench/n" + nodes + "/m" + params + "/seed" + seed, roster, threshold, params, MODULUS_BITS);
        FixedPoint codec = FixedPoint.forNodes(nodes, MODULUS_BITS, CLIP);
        Set<String> droppers = droppers(roster, dropped(nodes, dropout), seed);
        SecureRandom random = new SecureRandom();

        Map<String, SecAggNode> sessionNodes = new HashMap<>();
        Map<String, Long> nodeNanos = new HashMap<>();
        Map<String, Long> sent = new HashMap<>();
        Map<String, Long> received = new HashMap<>();
        roster.forEach(name -> {
            nodeNanos.put(name, 0L);
            sent.put(name, 0L);
            received.put(name, 0L);
        });
        long[] coordinatorNanos = {0};
        SecAggCoordinator coordinator = new SecAggCoordinator(config, ca.certificate());

        for (int i = 0; i < nodes; i++) {
            String name = roster.get(i);
            Credential credential = credentials.get(i);
            SecAggNode node = timed(nodeNanos, name, () -> new SecAggNode(config, credential, random));
            sessionNodes.put(name, node);
            byte[] advertisement = timed(nodeNanos, name, node::advertiseKeys);
            sent.merge(name, (long) advertisement.length, Long::sum);
            timedRun(coordinatorNanos, () -> coordinator.receiveAdvertisement(name, advertisement));
        }
        List<byte[]> advertisements = timedCall(coordinatorNanos, coordinator::closeAdvertisements);
        long advertisementBytes = advertisements.stream().mapToLong(a -> a.length).sum();
        for (String name : roster) {
            byte[] bundle = timed(nodeNanos, name, () -> sessionNodes.get(name).shareKeys(advertisements));
            received.merge(name, advertisementBytes, Long::sum);
            sent.merge(name, (long) bundle.length, Long::sum);
            timedRun(coordinatorNanos, () -> coordinator.receiveShares(name, bundle));
        }
        Map<String, List<byte[]>> inbox = timedCall(coordinatorNanos, coordinator::closeShares);
        for (String name : roster) {
            if (droppers.contains(name)) {
                continue;
            }
            double[] input = input(seed, name, params);
            List<byte[]> mine = inbox.get(name);
            byte[] masked = timed(nodeNanos, name, () -> sessionNodes.get(name).maskedInput(mine, codec.encode(input)));
            received.merge(name, mine.stream().mapToLong(c -> c.length).sum(), Long::sum);
            sent.merge(name, (long) masked.length, Long::sum);
            timedRun(coordinatorNanos, () -> coordinator.receiveMaskedInput(name, masked));
        }
        List<String> dropped = timedCall(coordinatorNanos, coordinator::closeMaskedInputs);
        long droppedListBytes = dropped.stream().mapToLong(name -> 2 + name.length()).sum();
        for (String name : roster) {
            if (droppers.contains(name)) {
                continue;
            }
            byte[] unmasking = timed(nodeNanos, name, () -> sessionNodes.get(name).unmask(dropped));
            received.merge(name, droppedListBytes, Long::sum);
            sent.merge(name, (long) unmasking.length, Long::sum);
            timedRun(coordinatorNanos, () -> coordinator.receiveUnmasking(name, unmasking));
        }
        double[] secureSum = timedCall(coordinatorNanos, () -> codec.decode(coordinator.closeUnmasking()));

        List<String> survivors = roster.stream().filter(name -> !droppers.contains(name)).toList();
        Plain plain = plainSum(survivors, seed, params);
        double tolerance = survivors.size() * (0.5 / codec.scale() + 1e-6);
        boolean matches = true;
        for (int i = 0; i < params; i++) {
            matches &= Math.abs(secureSum[i] - plain.sum()[i]) <= tolerance;
        }
        double[] nodeSeconds = survivors.stream().mapToDouble(name -> nodeNanos.get(name) / 1e9).toArray();
        return new Row(nodes, params, dropout, threshold, survivors.size(),
                Arrays.stream(nodeSeconds).average().orElseThrow(), Arrays.stream(nodeSeconds).max().orElseThrow(),
                coordinatorNanos[0] / 1e9,
                Math.round(survivors.stream().mapToLong(sent::get).average().orElseThrow()),
                Math.round(survivors.stream().mapToLong(received::get).average().orElseThrow()),
                survivors.stream().mapToLong(sent::get).average().orElseThrow() / (4.0 * params),
                plain.nodeSeconds(), plain.coordinatorSeconds(), matches);
    }

    private record Plain(double[] sum, double nodeSeconds, double coordinatorSeconds) {
    }

    /** The insecure baseline: each survivor sends its vector as float32, the coordinator adds them up. */
    private static Plain plainSum(List<String> survivors, long seed, int params) {
        long nodeNanos = 0;
        long coordinatorNanos = 0;
        double[] sum = new double[params];
        for (String name : survivors) {
            double[] input = input(seed, name, params);
            long start = System.nanoTime();
            ByteBuffer message = ByteBuffer.allocate(4 * params).order(ByteOrder.LITTLE_ENDIAN);
            for (double value : input) {
                message.putFloat((float) Math.max(-CLIP, Math.min(CLIP, value)));
            }
            byte[] bytes = message.array();
            long middle = System.nanoTime();
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < params; i++) {
                sum[i] += in.getFloat();
            }
            long end = System.nanoTime();
            nodeNanos += middle - start;
            coordinatorNanos += end - middle;
        }
        return new Plain(sum, nodeNanos / 1e9 / survivors.size(), coordinatorNanos / 1e9);
    }

    private static double[] input(long seed, String node, int params) {
        return new SplittableRandom(seed * 31 + node.hashCode()).doubles(params, -1, 1).toArray();
    }

    private static Set<String> droppers(List<String> roster, int count, long seed) {
        List<String> shuffled = new ArrayList<>(roster);
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        return new TreeSet<>(shuffled.subList(0, count));
    }

    static int threshold(int nodes) {
        return nodes / 2 + 1;
    }

    static int dropped(int nodes, double dropout) {
        return (int) Math.round(nodes * dropout);
    }

    private static String name(int index) {
        return String.format("node-%03d", index);
    }

    private interface Work<T> {
        T get();
    }

    private static <T> T timed(Map<String, Long> nanos, String who, Work<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        nanos.merge(who, System.nanoTime() - start, Long::sum);
        return result;
    }

    private static <T> T timedCall(long[] nanos, Work<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        nanos[0] += System.nanoTime() - start;
        return result;
    }

    private static void timedRun(long[] nanos, Runnable work) {
        long start = System.nanoTime();
        work.run();
        nanos[0] += System.nanoTime() - start;
    }

    /** "3,10,50" to [3, 10, 50]. */
    public static List<Integer> parseInts(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }

    /** "0,0.1" to [0.0, 0.1]. */
    public static List<Double> parseDoubles(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Double::valueOf).toList();
    }
}
