package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.node.dataset.ExpressionMatrix;
import org.fedomics.node.evaluation.CrossFitFolds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One node's round: cross-fitting blocks train on the right records and send count-weighted parameters. */
class RoundTrainerTest {
    private static final int FOLDS = 3;
    private static final long PLAN_SEED = 42;
    private static final BlockStandardization OWN = BlockStandardization.ownRecords();
    private final StudyRequest study = Studies.request(List.of("g3", "g1", "g2"), FOLDS, PLAN_SEED);
    private final ExpressionMatrix matrix = Synthetic.matrix(30, List.of("g1", "g2", "g3", "unused"), "g2", 3);
    private final FeatureAlignment rows = FeatureAlignment.of(matrix, study.features());
    private List<CohortMember> cohort;

    @BeforeEach
    void setUp() {
        Map<String, String> labels = new LinkedHashMap<>();
        matrix.sampleIds().forEach(s -> labels.put(s, Synthetic.label(s)));
        Map<String, Integer> folds = CrossFitFolds.assign(labels, FOLDS, PLAN_SEED);
        cohort = new ArrayList<>();
        labels.forEach((s, label) -> cohort.add(new CohortMember(s, "p-" + s, label, folds.get(s))));
    }

    /** A global model whose blocks all differ, so a block started from the wrong one shows. */
    private static ParameterBlocks global() {
        double[] values = new double[4 * 2 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7 - 3) * 0.1 + i * 0.001;
        }
        return new ParameterBlocks(4, 2, 4, new long[4], values);
    }

    @Test
    void train_eachFoldBlock_trainsOnNoRecordOfItsFold_finalBlockOnAllPermitted() {
        List<CohortMember> permitted = cohort.subList(0, 25); // five records without consent
        var outcome = new RoundTrainer(study, rows).train(global(), permitted, 2, 7L, OWN);

        assertThat(outcome.trainedPerBlock()).hasSize(FOLDS + 1);
        for (int f = 0; f < FOLDS; f++) {
            int fold = f;
            Set<String> expected = new HashSet<>();
            permitted.stream().filter(m -> m.fold() != fold).forEach(m -> expected.add(m.sampleId()));
            Set<String> ofFold = new HashSet<>();
            permitted.stream().filter(m -> m.fold() == fold).forEach(m -> ofFold.add(m.sampleId()));

            assertThat(ofFold).as("fold %d is not empty", f).isNotEmpty();
            assertThat(outcome.trainedPerBlock().get(f)).as("block %d", f)
                    .doesNotContainAnyElementsOf(ofFold).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(outcome.trainedPerBlock().get(FOLDS))
                .containsExactlyInAnyOrderElementsOf(permitted.stream().map(CohortMember::sampleId).toList());
        Set<String> notPermitted = new HashSet<>();
        cohort.subList(25, 30).forEach(m -> notPermitted.add(m.sampleId()));
        outcome.trainedPerBlock().forEach(block -> assertThat(block).doesNotContainAnyElementsOf(notPermitted));
    }

    @Test
    void train_counts_equalTheRecordsEachBlockTrainedOn() {
        var outcome = new RoundTrainer(study, rows).train(global(), cohort, 1, 7L, OWN);

        for (int b = 0; b <= FOLDS; b++) {
            assertThat(outcome.update().count(b)).as("block %d", b).isEqualTo(outcome.trainedPerBlock().get(b).size());
        }
        assertThat(outcome.update().count(FOLDS)).isEqualTo(30);
    }

    @Test
    void train_updateValues_areCountTimesTheBlocksLocalParameters() {
        ParameterBlocks global = global();
        int round = 2;
        long nodeSeed = 7L;
        var outcome = new RoundTrainer(study, rows).train(global, cohort, round, nodeSeed, OWN);

        StudyDomain domain = new StudyDomain(study.features(), study.outcome().labels());
        LocalTraining training = new LocalTraining(domain, study.plan().learningRate(), study.plan().localEpochs());
        for (int b = 0; b <= FOLDS; b++) {
            BlockTraining data = BlockTraining.of(rows, BlockTraining.membersOf(cohort, b, FOLDS), b, OWN);
            // the per-block seed RoundTrainer documents: plan seed, round, block and node all enter it
            long seed = PLAN_SEED * 1_000_003L + round * 1_009L + b * 31L + nodeSeed;
            double[] local = training.train(ModelParameters.of(2, 4, global.block(b)), data.records(), seed, "check")
                    .parameters().toArray();
            double[] sent = outcome.update().block(b);
            int n = data.records().size();
            for (int i = 0; i < local.length; i++) {
                assertThat(sent[i]).as("block %d value %d", b, i).isEqualTo(local[i] * n);
            }
        }
    }

    @Test
    void train_sameInputsTwice_identicalUpdate() {
        byte[] first = new RoundTrainer(study, rows).train(global(), cohort, 1, 7L, OWN).update().encode();
        byte[] second = new RoundTrainer(study, rows).train(global(), cohort, 1, 7L, OWN).update().encode();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void trainerFor_recordLevelPlan_isDpSgd_otherwiseTribuo() {
        StudyRequest privateStudy = Studies.privateRequest(study.features(), FOLDS, PLAN_SEED);

        assertThat(new RoundTrainer(privateStudy, rows).trainer()).isInstanceOf(DpSgdTraining.class);
        assertThat(new RoundTrainer(study, rows).trainer()).isInstanceOf(LocalTraining.class);
    }

    @Test
    void train_recordLevelPlan_sendsCountWeightedNoisyParametersOfTheStudysShape() {
        StudyRequest privateStudy = Studies.privateRequest(study.features(), FOLDS, PLAN_SEED);

        var first = new RoundTrainer(privateStudy, rows, new java.security.SecureRandom()).train(global(), cohort, 1, 7L, OWN);
        var second = new RoundTrainer(privateStudy, rows, new java.security.SecureRandom()).train(global(), cohort, 1, 7L, OWN);

        assertThat(first.update().blocks()).isEqualTo(FOLDS + 1);
        assertThat(first.update().count(FOLDS)).isEqualTo(30);
        assertThat(first.trainedPerBlock().get(FOLDS)).hasSize(30);
        // same plan, seed and node: the noise differs, so the coordinator cannot replay it
        assertThat(second.update().encode()).isNotEqualTo(first.update().encode());
    }

    @Test
    void train_recordLevelPlan_roundBeyondThePlannedRounds_refused() {
        RoundTrainer trainer = new RoundTrainer(Studies.privateRequest(study.features(), FOLDS, PLAN_SEED), rows);

        assertThatThrownBy(() -> trainer.train(global(), cohort, 4, 7L, OWN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("round 4 is outside the study's rounds 1..3");
        assertThatThrownBy(() -> trainer.train(global(), cohort, 0, 7L, OWN)).hasMessageContaining("round 0");
    }

    @Test
    void train_globalOfWrongShape_refused() {
        RoundTrainer trainer = new RoundTrainer(study, rows);

        assertThatThrownBy(() -> trainer.train(new ParameterBlocks(3, 2, 4, new long[3], new double[24]), cohort, 1, 7L, OWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
        assertThatThrownBy(() -> trainer.train(new ParameterBlocks(4, 2, 3, new long[4], new double[24]), cohort, 1, 7L, OWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
    }

    @Test
    void train_consortiumStandardization_everyBlockTrainsAndScoresWithTheConsortiumsMeansAndSds() {
        // block b: means (b, 2b, -b), standard deviations (1 + b, 0.5, 2): every block differs
        double[] means = new double[4 * 3];
        double[] sds = new double[4 * 3];
        for (int b = 0; b < 4; b++) {
            means[b * 3] = b;
            means[b * 3 + 1] = 2 * b;
            means[b * 3 + 2] = -b;
            sds[b * 3] = 1 + b;
            sds[b * 3 + 1] = 0.5;
            sds[b * 3 + 2] = 2;
        }
        BlockStandardization consortium = BlockStandardization.consortium(new FeatureStandardization(4, 3, means, sds));
        var outcome = new RoundTrainer(study, rows).train(global(), cohort, 1, 7L, consortium);

        StudyDomain domain = new StudyDomain(study.features(), study.outcome().labels());
        LocalTraining training = new LocalTraining(domain, study.plan().learningRate(), study.plan().localEpochs());
        double[] probe = rows.row("s00");
        for (int b = 0; b < 4; b++) {
            double[] z = outcome.standardizers().get(b).apply(probe);
            for (int j = 0; j < 3; j++) {
                assertThat(z[j]).as("block %d feature %d", b, j).isCloseTo((probe[j] - means[b * 3 + j]) / sds[b * 3 + j], within(1e-12));
            }
            List<LabeledRecord> records = new ArrayList<>();
            for (CohortMember m : BlockTraining.membersOf(cohort, b, FOLDS)) {
                records.add(new LabeledRecord(m.sampleId(), outcome.standardizers().get(b).apply(rows.row(m.sampleId())), m.label()));
            }
            long seed = PLAN_SEED * 1_000_003L + 1_009L + b * 31L + 7L;
            double[] local = training.train(ModelParameters.of(2, 4, global().block(b)), records, seed, "check").parameters().toArray();
            double[] sent = outcome.update().block(b);
            for (int i = 0; i < local.length; i++) {
                assertThat(sent[i]).as("block %d value %d", b, i).isEqualTo(local[i] * records.size());
            }
        }
        assertThat(outcome.update().encode()).as("not what the block's own statistics give")
                .isNotEqualTo(new RoundTrainer(study, rows).train(global(), cohort, 1, 7L, OWN).update().encode());
    }

    @Test
    void standardizers_onePerBlock_fittedOnThatBlocksRecords() {
        var outcome = new RoundTrainer(study, rows).train(global(), cohort, 1, 7L, OWN);
        BlockTraining fold0 = BlockTraining.of(rows, BlockTraining.membersOf(cohort, 0, FOLDS), 0, OWN);
        double[] probe = rows.row("s00");

        assertThat(outcome.standardizers()).hasSize(FOLDS + 1);
        assertThat(outcome.standardizers().get(0).apply(probe)).isEqualTo(fold0.standardizer().apply(probe));
    }
}
