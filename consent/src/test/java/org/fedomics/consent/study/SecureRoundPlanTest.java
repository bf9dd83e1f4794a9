package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.junit.jupiter.api.Test;

/** The session a study implies for each round, and the fixed-point encoding of updates it sums. */
class SecureRoundPlanTest {
    private static final DeclaredUse USE = new DeclaredUse("DUO:0000006", List.of(), false, true, false, "Test University", null);

    private static StudyDefinition study(int minNodes) {
        return new StudyDefinition("study-7", "alice", new StudyRequest("t", USE, List.of(), new Outcome("relapse", "no", "yes"),
                List.of("g1", "g2"), new TrainingPlan(3, 1, 0.1, 2, 1L, 1, minNodes)));
    }

    @Test
    void config_bindsStudyAndRound_sortsTheRoster_andSizesTheVectorAsCountsThenValues() {
        SecAggConfig config = SecureRoundPlan.config(study(2), 4, List.of("hospital-c", "hospital-a", "hospital-b"));

        assertThat(config.sessionLabel()).isEqualTo("study-7/round-4/model");
        assertThat(config.roster()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertThat(config.vectorLength()).isEqualTo(3 + 3 * 2 * 3);
        assertThat(config.modulusBits()).isEqualTo(SecureUpdateEncoding.MODULUS_BITS);
        assertThat(SecureRoundPlan.config(study(2), 5, List.of("hospital-a", "hospital-b")).sessionLabel())
                .isEqualTo("study-7/round-5/model");
    }

    @Test
    void threshold_isAStrictMajority_neverBelowTwoNorTheStudysMinimum() {
        assertThat(SecureRoundPlan.threshold(2, 1)).isEqualTo(2);
        assertThat(SecureRoundPlan.threshold(3, 1)).isEqualTo(2);
        assertThat(SecureRoundPlan.threshold(4, 1)).isEqualTo(3);
        assertThat(SecureRoundPlan.threshold(10, 1)).isEqualTo(6);
        assertThat(SecureRoundPlan.threshold(10, 8)).isEqualTo(8);
        assertThat(SecureRoundPlan.config(study(3), 1, List.of("a", "b", "c")).threshold()).isEqualTo(3);
    }

    @Test
    void config_ofOneHospital_refused() {
        assertThatThrownBy(() -> SecureRoundPlan.config(study(1), 1, List.of("hospital-a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 hospitals");
        assertThatThrownBy(() -> SecureRoundPlan.statisticsConfig(study(1), List.of("hospital-a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 hospitals");
    }

    @Test
    void config_roundZero_refusedSinceRoundsCountFromOne() {
        assertThatThrownBy(() -> SecureRoundPlan.config(study(2), 0, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbered from 1");
    }

    @Test
    void statisticsConfig_bindsTheStudysStatistics_sizesCountsSumsAndSquares_withTheRoundsThreshold() {
        SecAggConfig config = SecureRoundPlan.statisticsConfig(study(2), List.of("hospital-c", "hospital-a", "hospital-b"));

        assertThat(config.sessionLabel()).isEqualTo("study-7/statistics");
        assertThat(config.roster()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        // 3 blocks: 3 counts, then 3 x 2 sums and 3 x 2 sums of squares
        assertThat(config.vectorLength()).isEqualTo(3 + 2 * 3 * 2);
        assertThat(config.modulusBits()).isEqualTo(FeatureStatisticsEncoding.MODULUS_BITS);
        assertThat(config.threshold()).isEqualTo(SecureRoundPlan.config(study(2), 1, config.roster()).threshold());
        assertThat(config).isNotEqualTo(SecureRoundPlan.statisticsConfig(
                new StudyDefinition("study-8", "alice", study(2).request()), config.roster()));
    }

    @Test
    void usesConsortiumStatistics_withoutPrivacy_yes_underRecordLevelPrivacy_no() {
        assertThat(new TrainingPlan(3, 1, 0.1, 2, 1L, 1, 2).usesConsortiumStatistics()).isTrue();
        assertThat(new TrainingPlan(3, 1, 0.1, 2, 1L, 1, 2, PrivacyPlan.recordLevel(4, 1, 0.5, 1e-3, 100))
                .usesConsortiumStatistics()).isFalse();
    }

    @Test
    void encoding_theSumOfEncodedUpdatesDecodesToTheSumOfTheUpdates() {
        SecureUpdateEncoding encoding = SecureUpdateEncoding.forStudy(study(2).request(), 3);
        ParameterBlocks a = blocks(new long[] {2, 0, 4}, -1.25);
        ParameterBlocks b = blocks(new long[] {1, 6, 4}, 3.5);
        ParameterBlocks c = blocks(new long[] {7, 1, 0}, 1e-5);
        long modulus = 1L << SecureUpdateEncoding.MODULUS_BITS;
        long[] sum = new long[encoding.vectorLength()];
        for (ParameterBlocks update : List.of(a, b, c)) {
            long[] encoded = encoding.encode(update);
            for (long element : encoded) {
                assertThat(element).isBetween(0L, modulus - 1);
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] = Math.floorMod(sum[i] + encoded[i], modulus);
            }
        }

        ParameterBlocks decoded = encoding.decode(sum);

        assertThat(decoded.counts()).containsExactly(10, 7, 8);
        double[] expected = new double[sum.length - 3];
        for (ParameterBlocks update : List.of(a, b, c)) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] += update.values()[i];
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(decoded.values()[i]).as("value %d", i).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void encoding_refusesOtherShapesAndCountsItCannotSum() {
        SecureUpdateEncoding encoding = SecureUpdateEncoding.forStudy(study(2).request(), 2);

        assertThatThrownBy(() -> encoding.encode(new ParameterBlocks(3, 2, 2, new long[3], new double[12])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> encoding.encode(blocks(new long[] {1L << 20, 0, 0}, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than secure aggregation can sum");
        assertThatThrownBy(() -> encoding.decode(new long[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeTask_withAStep_survivesJson() {
        StudyDefinition study = study(2);
        SecAggStep step = new SecAggStep(SecAggStep.Stage.MASK, SecureRoundPlan.config(study, 1, List.of("a", "b")),
                List.of(new byte[] {0, 1, (byte) 0xff}, new byte[0]), List.of());
        NodeTask task = NodeTask.secagg(study, 1, step);

        NodeTask read = StrictJson.readTrusted(StrictJson.write(task), NodeTask.class);

        assertThat(read.kind()).isEqualTo(NodeTask.Kind.SECAGG);
        assertThat(read.step().config()).isEqualTo(step.config());
        assertThat(read.step().messages()).containsExactly(new byte[] {0, 1, (byte) 0xff}, new byte[0]);
    }

    /** Every value of every block equals {@code count x value} of that block. */
    private static ParameterBlocks blocks(long[] counts, double value) {
        double[] values = new double[3 * 2 * 3];
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 6; i++) {
                values[b * 6 + i] = counts[b] * value;
            }
        }
        return new ParameterBlocks(3, 2, 3, counts, values);
    }

    @Test
    void auditConfig_bindsTheStudysAudit_sizesOneCellPerGroupLabelAndBin_modulo2To32() {
        FairnessPlan fairness = new FairnessPlan(List.of(ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown")), 0.2);
        StudyDefinition audited = new StudyDefinition("study-7", "alice", new StudyRequest("t", USE, List.of(),
                new Outcome("relapse", "no", "yes"), List.of("g1", "g2"), new TrainingPlan(3, 1, 0.1, 2, 1L, 1, 2), null, fairness));

        SecAggConfig config = SecureRoundPlan.auditConfig(audited, List.of("hospital-c", "hospital-a", "hospital-b"));

        assertThat(config.sessionLabel()).isEqualTo("study-7/fairness-audit");
        assertThat(config.roster()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertThat(config.threshold()).isEqualTo(2);
        assertThat(config.vectorLength()).isEqualTo(3 * 2 * 20);
        assertThat(config.modulusBits()).isEqualTo(32);
        assertThatThrownBy(() -> SecureRoundPlan.auditConfig(study(2), List.of("hospital-a", "hospital-b")))
                .hasMessageContaining("no fairness audit");
        assertThat(NodeTask.AUDIT_ROUND).isGreaterThan(TrainingPlan.MAX_ROUNDS);
    }
}
