package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.crypto.dp.L2Clipping;
import org.fedomics.crypto.dp.SampledGaussian;
import org.junit.jupiter.api.Test;

/** DP-SGD on a 3-feature synthetic set (features listed out of name order, signal in "b"). */
class DpSgdTrainingTest {
    private static final List<String> FEATURES = List.of("c", "a", "b");
    private final StudyDomain domain = new StudyDomain(FEATURES, List.of(Studies.NEGATIVE, Studies.POSITIVE));
    private final List<LabeledRecord> records = Synthetic.records(Synthetic.matrix(24, FEATURES, "b", 11), FEATURES);

    private DpSgdTraining training(long steps, double q, double clipNorm, double z) {
        return new DpSgdTraining(domain, 0.5, steps, new SampledGaussian(q, z), clipNorm, new SecureRandom());
    }

    @Test
    void train_noNoiseHugeClipNorm_learnsTheSeparableProblemInTribuosLayout() {
        double[] w = training(60, 0.5, 1e6, 0).train(domain.zeroModel(), records, 0L, "test").parameters().toArray();
        // row 1 ("yes") minus row 0 ("no"), per Tribuo column a=0, b=1, c=2
        double da = w[4] - w[0];
        double db = w[5] - w[1];
        double dc = w[6] - w[2];

        assertThat(db).isGreaterThan(3 * Math.abs(da)).isGreaterThan(3 * Math.abs(dc));
        ModelParameters model = ModelParameters.of(2, 4, w);
        for (LabeledRecord r : records) {
            assertThat(LocalTraining.margin(domain, model, r.features()) > 0).as(r.sampleId())
                    .isEqualTo(r.label().equals(Studies.POSITIVE));
        }
    }

    @Test
    void clippedGradientSum_oneRecord_hasNormAtMostC_inTheDirectionOfItsGradient() {
        double clipNorm = 0.25;
        DpSgdTraining training = training(1, 1, clipNorm, 0);
        // the weights score this record confidently positive: a large gradient for its negative label
        LabeledRecord loud = new LabeledRecord("s1", new double[] {40, -30, 120}, Studies.NEGATIVE);
        List<DpSgdTraining.Example> examples = List.of(training.prepare(loud));
        double[] weights = {0.1, -0.2, 0.3, 0.05, -0.1, 0.2, -0.3, 0.0};

        double[] clipped = training.clippedGradientSum(weights, examples, new int[] {0});
        double[] raw = crossEntropyGradient(weights, new double[] {-30, 120, 40, 1}, 0);

        assertThat(L2Clipping.norm(raw)).isGreaterThan(100 * clipNorm);
        assertThat(L2Clipping.norm(clipped)).isCloseTo(clipNorm, within(1e-12));
        double scale = clipNorm / L2Clipping.norm(raw);
        for (int i = 0; i < raw.length; i++) {
            assertThat(clipped[i]).as("coordinate %d", i).isCloseTo(raw[i] * scale, within(1e-12));
        }
    }

    @Test
    void clippedGradientSum_eachRecordContributesAtMostC() {
        double clipNorm = 0.5;
        DpSgdTraining training = training(1, 1, clipNorm, 0);
        List<DpSgdTraining.Example> examples = records.stream().map(r -> scaled(r, 1000)).map(training::prepare).toList();
        double[] weights = new double[8];
        int[] all = IntStream.range(0, examples.size()).toArray();

        for (int i : all) {
            double[] alone = training.clippedGradientSum(weights, examples, new int[] {i});
            assertThat(L2Clipping.norm(alone)).as("record %d", i).isLessThanOrEqualTo(clipNorm * (1 + 1e-12));
            // leaving one record out of a batch changes its sum by at most C: the sensitivity the noise is calibrated to
            int[] others = IntStream.of(all).filter(j -> j != i).toArray();
            double[] with = training.clippedGradientSum(weights, examples, all);
            double[] without = training.clippedGradientSum(weights, examples, others);
            double[] difference = new double[with.length];
            for (int k = 0; k < difference.length; k++) {
                difference[k] = with[k] - without[k];
            }
            assertThat(L2Clipping.norm(difference)).as("without record %d", i).isLessThanOrEqualTo(clipNorm * (1 + 1e-9));
        }
    }

    @Test
    void clippedGradientSum_smallGradient_notScaledUp() {
        DpSgdTraining training = training(1, 1, 1e6, 0);
        LabeledRecord quiet = new LabeledRecord("s1", new double[] {0.1, 0.2, 0.3}, Studies.NEGATIVE);
        double[] weights = {0.1, -0.2, 0.3, 0.05, -0.1, 0.2, -0.3, 0.0};

        double[] sum = training.clippedGradientSum(weights, List.of(training.prepare(quiet)), new int[] {0});

        assertThat(sum).containsExactly(crossEntropyGradient(weights, new double[] {0.2, 0.3, 0.1, 1}, 0), within(1e-15));
    }

    @Test
    void train_withNoise_isRandomisedBySecureSourceNotBySeed() {
        DpSgdTraining noisy = training(4, 0.5, 1.0, 1.0);

        double[] first = noisy.train(domain.zeroModel(), records, 42L, "test").parameters().toArray();
        double[] second = noisy.train(domain.zeroModel(), records, 42L, "test").parameters().toArray();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void train_withoutNoiseAndFullBatches_isDeterministicGradientDescent() {
        DpSgdTraining exact = training(5, 1.0, 1e6, 0);

        double[] first = exact.train(domain.zeroModel(), records, 1L, "test").parameters().toArray();
        double[] second = exact.train(domain.zeroModel(), records, 2L, "test").parameters().toArray();

        assertThat(second).containsExactly(first);
    }

    @Test
    void train_warmStart_tinyLearningRateStaysAtTheGlobalParameters() {
        double[] start = {0.3, -0.2, 0.1, 0.9, -0.4, 0.6, -0.7, 0.2};
        DpSgdTraining barelyMoving = new DpSgdTraining(domain, 1e-9, 3, new SampledGaussian(0.5, 1), 1, new SecureRandom());

        double[] trained = barelyMoving.train(ModelParameters.of(2, 4, start), records, 0L, "test").parameters().toArray();

        for (int i = 0; i < start.length; i++) {
            assertThat(trained[i]).isCloseTo(start[i], within(1e-6));
        }
    }

    @Test
    void train_reportsEveryRecordThatCouldJoinABatch() {
        TrainingResult result = training(2, 0.1, 1, 1).train(domain.zeroModel(), records.subList(0, 10), 0L, "test");

        assertThat(result.trainedSampleIds()).containsExactlyElementsOf(records.subList(0, 10).stream().map(LabeledRecord::sampleId).toList());
    }

    @Test
    void forPlan_takesQCZAndEpochsOverQStepsFromThePlan() {
        TrainingPlan plan = new TrainingPlan(2, 3, 0.2, 2, 1L, 1, 1, PrivacyPlan.recordLevel(1.5, 2.0, 0.25, 1e-5, 50));

        DpSgdTraining training = DpSgdTraining.forPlan(domain, plan, new SecureRandom());

        assertThat(training).hasFieldOrPropertyWithValue("steps", 12L)
                .hasFieldOrPropertyWithValue("clipNorm", 2.0)
                .hasFieldOrPropertyWithValue("learningRate", 0.2)
                .hasFieldOrPropertyWithValue("mechanism", new SampledGaussian(0.25, 1.5));
        assertThatThrownBy(() -> DpSgdTraining.forPlan(domain, new TrainingPlan(2, 3, 0.2, 2, 1L, 1, 1), new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NONE");
    }

    @Test
    void train_badInputs_refused() {
        DpSgdTraining training = training(1, 0.5, 1, 1);

        assertThatThrownBy(() -> training.train(ModelParameters.zeros(2, 3), records, 0L, "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not fit the study domain");
        assertThatThrownBy(() -> training.train(domain.zeroModel(), List.of(), 0L, "test")).hasMessageContaining("no records");
        assertThatThrownBy(() -> training.train(domain.zeroModel(),
                List.of(new LabeledRecord("s9", new double[] {0, 0, 0}, "maybe")), 0L, "test")).hasMessageContaining("s9");
        assertThatThrownBy(() -> training.train(domain.zeroModel(),
                List.of(new LabeledRecord("s8", new double[] {0, Double.NaN, 0}, Studies.POSITIVE)), 0L, "test"))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> training(0, 0.5, 1, 1)).hasMessageContaining("step");
        assertThatThrownBy(() -> training(1, 0.5, 0, 1)).hasMessageContaining("clip norm");
        assertThatThrownBy(() -> new DpSgdTraining(domain, 0, 1, new SampledGaussian(0.5, 1), 1, new SecureRandom()))
                .hasMessageContaining("learning rate");
    }

    private static LabeledRecord scaled(LabeledRecord r, double factor) {
        double[] f = r.features();
        for (int i = 0; i < f.length; i++) {
            f[i] *= factor;
        }
        return new LabeledRecord(r.sampleId(), f, r.label());
    }

    /** d(cross-entropy)/dW for a 2-label model, written out independently: (softmax(Wx) - onehot) outer x. */
    private static double[] crossEntropyGradient(double[] weights, double[] input, int labelRow) {
        double z0 = 0;
        double z1 = 0;
        for (int c = 0; c < 4; c++) {
            z0 += weights[c] * input[c];
            z1 += weights[4 + c] * input[c];
        }
        double p1 = 1 / (1 + Math.exp(z0 - z1));
        double[] residual = {1 - p1 - (labelRow == 0 ? 1 : 0), p1 - (labelRow == 1 ? 1 : 0)};
        double[] gradient = new double[8];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                gradient[r * 4 + c] = residual[r] * input[c];
            }
        }
        return gradient;
    }
}
