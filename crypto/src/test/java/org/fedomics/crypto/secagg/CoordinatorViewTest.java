package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's complete view of a session (every message it received) must not depend on
 * which of two nodes holds which input. Two worlds: node-00 holds X and node-01 holds Y, or the
 * other way round; node-02 holds Z and, in every other session, drops after sharing keys so the
 * coordinator also learns its mask key. Over many sessions per world the test compares, with a
 * two-sample chi-square test at significance 0.001:
 *
 * <ul>
 *   <li>the masked words node-00 and node-01 sent, as the wire carries them;</li>
 *   <li>the strongest thing the coordinator can compute from its whole view: each node's masked
 *       input minus every mask it can rebuild (the node's own self mask from the revealed seed
 *       shares, and the pairwise mask with node-02 when node-02 dropped), alone and jointly for
 *       the two nodes. What remains is x + the pairwise mask node-00 and node-01 share.</li>
 * </ul>
 *
 * A control shows the test has power: the same statistic on residuals whose pairwise mask covers
 * only the low 8 of 16 bits (a mask that is not uniform mod 2^k) tells the worlds apart at once.
 * Every session is seeded, so the test is reproducible.
 */
class CoordinatorViewTest {

    private static final int SESSIONS = 200;
    private static final int LENGTH = 64;
    private static final int BITS = 16;
    private static final SecAggConfig CONFIG = TestConsortium.config("study-view/round-1/model", 3, 2, LENGTH, BITS);
    private static final String A = "node-00";
    private static final String B = "node-01";
    private static final String C = "node-02";
    private static final long[] X = filled(0x0000);
    private static final long[] Y = filled(0xB7E9);
    private static final long[] Z = filled(0x1234);

    /** Per world: every session's view-derived words. */
    private static World original;
    private static World swapped;

    private record Words(long[] maskedA, long[] maskedB, long[] residualA, long[] residualB, long[] narrowA, List<Integer> sizes) {
    }

    private record World(List<Words> sessions) {
        long[] bins(java.util.function.Function<Words, long[]> feature, java.util.function.LongUnaryOperator bin, int bins) {
            long[] counts = new long[bins];
            for (Words words : sessions) {
                for (long w : feature.apply(words)) {
                    counts[(int) bin.applyAsLong(w)]++;
                }
            }
            return counts;
        }

        long[] jointHighNibbles() {
            long[] counts = new long[256];
            for (Words words : sessions) {
                for (int i = 0; i < LENGTH; i++) {
                    counts[(int) (words.residualA()[i] >>> 12 << 4 | words.residualB()[i] >>> 12)]++;
                }
            }
            return counts;
        }
    }

    @BeforeAll
    static void runSessions() throws Exception {
        original = world(X, Y, 1);
        swapped = world(Y, X, 1_000_001);
    }

    @Test
    void maskedWords_swappingTheInputs_leavesTheirDistributionUnchanged() {
        assertIndistinguishable(Words::maskedA, "masked words of node-00");
        assertIndistinguishable(Words::maskedB, "masked words of node-01");
    }

    @Test
    void residualsAfterEveryMaskTheCoordinatorCanRebuild_swappingTheInputs_leavesTheirDistributionUnchanged() {
        assertIndistinguishable(Words::residualA, "residual of node-00");
        assertIndistinguishable(Words::residualB, "residual of node-01");
        double joint = ChiSquare.twoSample(original.jointHighNibbles(), swapped.jointHighNibbles());
        assertThat(joint).as("joint high nibbles of both residuals").isLessThan(ChiSquare.critical(255));
    }

    @Test
    void messageSizes_swappingTheInputs_identical() {
        for (int s = 0; s < SESSIONS; s++) {
            assertThat(swapped.sessions().get(s).sizes()).isEqualTo(original.sessions().get(s).sizes());
        }
    }

    @Test
    void control_maskCoveringOnlyTheLowBits_isToldApartByTheSameStatistic() {
        double statistic = ChiSquare.twoSample(original.bins(Words::narrowA, w -> w >>> 12, 16),
                swapped.bins(Words::narrowA, w -> w >>> 12, 16));
        assertThat(statistic).isGreaterThan(100 * ChiSquare.critical(15));
    }

    @Test
    void residuals_areNotTheInputs() {
        // the residual is x plus the mask node-00 and node-01 share: never x itself
        long equal = original.sessions().stream().flatMap(w -> Arrays.stream(w.residualA()).boxed()).filter(v -> v == X[0]).count();
        assertThat(equal).isLessThan(SESSIONS * LENGTH / 1000 + 5);
    }

    private static void assertIndistinguishable(java.util.function.Function<Words, long[]> feature, String what) {
        double high = ChiSquare.twoSample(original.bins(feature, w -> w >>> 12, 16), swapped.bins(feature, w -> w >>> 12, 16));
        double low = ChiSquare.twoSample(original.bins(feature, w -> w & 15, 16), swapped.bins(feature, w -> w & 15, 16));
        assertThat(high).as(what + ", top 4 bits").isLessThan(ChiSquare.critical(15));
        assertThat(low).as(what + ", low 4 bits").isLessThan(ChiSquare.critical(15));
    }

    private static World world(long[] inputA, long[] inputB, long seed) throws Exception {
        List<Words> sessions = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            Map<String, long[]> inputs = Map.of(A, inputA, B, inputB, C, Z);
            Map<String, Stage> drops = s % 2 == 1 ? Map.of(C, Stage.MASKED_INPUT) : Map.of();
            SessionDriver driver = new SessionDriver(CONFIG, TestConsortium.seeded(seed + s));
            SessionDriver.Outcome outcome = driver.run(inputs, drops);
            assertThat(outcome.failure()).isNull();
            sessions.add(words(outcome.view(), inputA));
        }
        return new World(sessions);
    }

    /** Everything the coordinator can compute from the messages it received. */
    private static Words words(List<SessionDriver.Received> view, long[] inputA) throws Malformed {
        Map<String, Advertisement> advertisements = new TreeMap<>();
        Map<String, long[]> masked = new TreeMap<>();
        List<String> sharers = new ArrayList<>();
        List<byte[]> unmaskingMessages = new ArrayList<>();
        for (SessionDriver.Received received : view) {
            switch (received.stage()) {
                case ADVERTISE_KEYS -> advertisements.put(received.from(),
                        Advertisement.verify(received.message(), CONFIG, TestConsortium.CA.certificate(), Instant.now()));
                case SHARE_KEYS -> sharers.add(received.from());
                case MASKED_INPUT -> masked.put(received.from(), null);
                case UNMASKING -> unmaskingMessages.add(received.message());
            }
        }
        byte[] sessionId = SessionId.of(CONFIG, List.copyOf(advertisements.values()));
        for (SessionDriver.Received received : view) {
            if (received.stage() == Stage.MASKED_INPUT) {
                masked.put(received.from(), MaskedInput.parse(received.message(), CONFIG, sessionId));
            }
        }
        List<Unmasking> unmaskings = new ArrayList<>();
        for (byte[] message : unmaskingMessages) {
            unmaskings.add(Unmasking.parse(message, sessionId, 3));
        }
        MaskRemoval removal = new MaskRemoval(CONFIG, sessionId, advertisements, unmaskings.subList(0, CONFIG.threshold()));
        Map<String, long[]> residual = new HashMap<>();
        for (String node : List.of(A, B)) {
            long[] r = masked.get(node).clone();
            removal.removeSelfMask(r, node);
            if (!masked.containsKey(C)) {
                byte[] maskKey = removal.droppedMaskKey(C);
                removal.removePairwiseMask(r, node, C, maskKey);
            }
            residual.put(node, reduce(r));
        }
        // control: keep only the low 8 bits of the mask that hides node-00's input
        long[] narrow = new long[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            long mask = (residual.get(A)[i] - inputA[i]) & 0xFF;
            narrow[i] = (inputA[i] + mask) & CONFIG.modulusMask();
        }
        List<Integer> sizes = view.stream().map(r -> r.message().length).toList();
        return new Words(masked.get(A), masked.get(B), residual.get(A), residual.get(B), narrow, sizes);
    }

    private static long[] reduce(long[] vector) {
        for (int i = 0; i < vector.length; i++) {
            vector[i] &= CONFIG.modulusMask();
        }
        return vector;
    }

    private static long[] filled(long value) {
        long[] out = new long[LENGTH];
        Arrays.fill(out, value);
        return out;
    }
}
