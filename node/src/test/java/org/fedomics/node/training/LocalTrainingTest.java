package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tribuo SGD started from given parameters, on a 3-feature synthetic set listed out of name order. */
class LocalTrainingTest {
    private static final List<String> FEATURES = List.of("c", "a", "b");
    private final StudyDomain domain = new StudyDomain(FEATURES, List.of(Studies.NEGATIVE, Studies.POSITIVE));
    private final List<LabeledRecord> records = Synthetic.records(Synthetic.matrix(24, FEATURES, "b", 11), FEATURES);
    private final LocalTraining training = new LocalTraining(domain, 0.5, 3);

    private static long[] bits(ModelParameters p) {
        return Arrays.stream(p.toArray()).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void train_sameSeedTwice_bitIdenticalParameters() {
        TrainingResult first = training.train(domain.zeroModel(), records, 1234L, "test");
        TrainingResult second = training.train(domain.zeroModel(), records, 1234L, "test");

        assertThat(bits(second.parameters())).isEqualTo(bits(first.parameters()));
        assertThat(first.parameters().toArray()).isNotEqualTo(domain.zeroModel().toArray());
    }

    @Test
    void train_otherSeed_otherRecordOrderSoOtherParameters() {
        ModelParameters a = training.train(domain.zeroModel(), records, 1L, "test").parameters();
        ModelParameters b = training.train(domain.zeroModel(), records, 2L, "test").parameters();

        assertThat(bits(a)).isNotEqualTo(bits(b));
    }

    @Test
    void train_fromNonZeroGlobal_differsFromTrainingFromZeros() {
        double[] start = new double[2 * 4];
        Arrays.fill(start, 0.75);
        start[3] = -2.0;

        ModelParameters fromZeros = training.train(domain.zeroModel(), records, 5L, "test").parameters();
        ModelParameters warm = training.train(ModelParameters.of(2, 4, start), records, 5L, "test").parameters();

        assertThat(bits(warm)).isNotEqualTo(bits(fromZeros));
    }

    @Test
    void train_tinyLearningRate_staysAtTheGivenStart() {
        double[] start = {0.3, -0.2, 0.1, 0.9, -0.4, 0.6, -0.7, 0.2};
        LocalTraining barelyMoving = new LocalTraining(domain, 1e-9, 1);

        double[] trained = barelyMoving.train(ModelParameters.of(2, 4, start), records, 5L, "test").parameters().toArray();

        for (int i = 0; i < start.length; i++) {
            assertThat(trained[i]).isCloseTo(start[i], within(1e-6));
        }
    }

    @Test
    void train_signalOnlyInB_learnsTheTribuoColumnOfB_andMarginSeparates() {
        double[] w = training.train(domain.zeroModel(), records, 9L, "test").parameters().toArray();
        // row 1 ("yes") minus row 0 ("no"), per Tribuo column a=0, b=1, c=2
        double da = w[4] - w[0];
        double db = w[5] - w[1];
        double dc = w[6] - w[2];

        assertThat(db).isGreaterThan(3 * Math.abs(da)).isGreaterThan(3 * Math.abs(dc));
        ModelParameters model = ModelParameters.of(2, 4, w);
        for (LabeledRecord r : records) {
            double margin = LocalTraining.margin(domain, model, r.features());
            assertThat(margin > 0).as(r.sampleId()).isEqualTo(r.label().equals(Studies.POSITIVE));
        }
    }

    @Test
    void train_reportsExactlyTheRecordsTrainedOn() {
        TrainingResult result = training.train(domain.zeroModel(), records.subList(0, 10), 3L, "test");

        assertThat(result.trainedSampleIds()).containsExactlyElementsOf(records.subList(0, 10).stream().map(LabeledRecord::sampleId).toList());
    }

    @Test
    void train_globalOfWrongShape_refused() {
        assertThatThrownBy(() -> training.train(ModelParameters.zeros(2, 3), records, 1L, "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not fit the study domain");
        assertThatThrownBy(() -> training.train(ModelParameters.zeros(3, 4), records, 1L, "test"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not fit the study domain");
    }

    @Test
    void train_recordWithUnknownLabel_refusedNamingTheRecord() {
        List<LabeledRecord> withStranger = new java.util.ArrayList<>(records);
        withStranger.add(new LabeledRecord("s99", new double[] {0, 0, 0}, "maybe"));

        assertThatThrownBy(() -> training.train(domain.zeroModel(), withStranger, 1L, "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s99").hasMessageContaining("maybe");
    }

    @Test
    void train_recordWithWrongFeatureCount_refused() {
        assertThatThrownBy(() -> training.train(domain.zeroModel(),
                List.of(new LabeledRecord("s1", new double[] {1, 2}, Studies.POSITIVE)), 1L, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s1");
    }

    @Test
    void train_noRecords_refused() {
        assertThatThrownBy(() -> training.train(domain.zeroModel(), List.of(), 1L, "test"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void construct_nonPositiveLearningRateOrNoEpoch_refused() {
        assertThatThrownBy(() -> new LocalTraining(domain, 0.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalTraining(domain, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalTraining(domain, 0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
