package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.dp.PrivacySpend;
import org.fedomics.crypto.dp.SampledGaussian;
import org.junit.jupiter.api.Test;

/** A study's privacy plan: validation, its planned spend, and its JSON. */
class PrivacyPlanTest {
    /** z = 1.1, q = 0.01, delta = 1e-5: 1000 DP-SGD steps spend epsilon 1.71177 (dp_accounting). */
    private static final PrivacyPlan DP = PrivacyPlan.recordLevel(1.1, 1.0, 0.01, 1e-5, 2.0);

    /** 1 epoch at q = 0.01 is 100 steps per block; 2 folds: each record in 2 blocks, so 200 steps per round. */
    private static TrainingPlan plan(int rounds, PrivacyPlan privacy) {
        return new TrainingPlan(rounds, 1, 0.1, 2, 7L, 1, 1, privacy);
    }

    @Test
    void plannedSpend_composesEveryBlockEveryRecordIsIn() {
        TrainingPlan plan = plan(5, DP);

        assertThat(plan.privacyStepsPerRound()).isEqualTo(200);
        PrivacySpend afterFive = plan.plannedSpend(5).orElseThrow();
        assertThat(afterFive.epsilon()).isCloseTo(1.71177, withinPercentage(0.01));
        assertThat(afterFive.delta()).isEqualTo(1e-5);
        assertThat(plan.plannedSpend(0).orElseThrow().epsilon()).isZero();
        assertThat(plan.plannedSpend(2).orElseThrow().epsilon())
                .isEqualTo(new SampledGaussian(0.01, 1.1).rdp().times(400).toDp(1e-5).epsilon());
    }

    @Test
    void plannedSpend_withoutPrivacy_isEmpty() {
        TrainingPlan plan = new TrainingPlan(5, 1, 0.1, 2, 7L, 1, 1);

        assertThat(plan.privacy()).isEqualTo(PrivacyPlan.none());
        assertThat(plan.plannedSpend(5)).isEmpty();
        assertThatThrownBy(() -> plan.plannedSpend(-1)).hasMessageContaining("rounds");
    }

    @Test
    void trainingPlan_roundsOverTheBudget_refusedSayingHowManyFit() {
        assertThatThrownBy(() -> plan(50, DP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("privacy: 50 rounds would spend epsilon 5.63")
                .hasMessageContaining("over the budget of 2.0")
                .hasMessageContaining("at most 7 rounds fit");
        assertThat(plan(7, DP).plannedSpend(7).orElseThrow().epsilon()).isLessThanOrEqualTo(2.0);
        assertThat(plan(7, DP).plannedSpend(8).orElseThrow().epsilon()).isGreaterThan(2.0);
    }

    @Test
    void stepsPerBlock_isEpochsOverSamplingRateRoundedUp() {
        assertThat(PrivacyPlan.recordLevel(1, 1, 0.3, 1e-5, 100).stepsPerBlock(3)).isEqualTo(10);
        assertThat(PrivacyPlan.recordLevel(1, 1, 0.07, 1e-5, 100).stepsPerBlock(7)).isEqualTo(100);
        assertThat(PrivacyPlan.recordLevel(1, 1, 0.4, 1e-5, 100).stepsPerBlock(1)).isEqualTo(3);
        assertThat(PrivacyPlan.recordLevel(1, 1, 1.0, 1e-5, 100).stepsPerBlock(5)).isEqualTo(5);
    }

    @Test
    void trainingPlan_tooManyStepsPerRound_refused() {
        PrivacyPlan tiny = PrivacyPlan.recordLevel(5, 1, 1e-6, 1e-5, 100);

        assertThatThrownBy(() -> plan(1, tiny)).hasMessageContaining("steps per round");
    }

    @Test
    void recordLevel_badNumbers_refusedNamingTheField() {
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(0, 1, 0.1, 1e-5, 1)).hasMessageContaining("noiseMultiplier");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(Double.NaN, 1, 0.1, 1e-5, 1)).hasMessageContaining("noiseMultiplier");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 0, 0.1, 1e-5, 1)).hasMessageContaining("clipNorm");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, Double.POSITIVE_INFINITY, 0.1, 1e-5, 1)).hasMessageContaining("clipNorm");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 1, 0, 1e-5, 1)).hasMessageContaining("samplingRate");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 1, 1.2, 1e-5, 1)).hasMessageContaining("samplingRate");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 1, 0.1, 0, 1)).hasMessageContaining("delta");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 1, 0.1, 1, 1)).hasMessageContaining("delta");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 1, 0.1, 1e-5, 0)).hasMessageContaining("epsilonBudget");
        assertThatThrownBy(() -> PrivacyPlan.recordLevel(1, 1, 0.1, 1e-5, Double.POSITIVE_INFINITY)).hasMessageContaining("epsilonBudget");
    }

    @Test
    void none_withNumbers_refused_andWithoutMode_refused() {
        assertThatThrownBy(() -> new PrivacyPlan(PrivacyPlan.Mode.NONE, 1.0, 0, 0, 0, 0)).hasMessageContaining("NONE");
        assertThatThrownBy(() -> new PrivacyPlan(null, 1.0, 1, 0.1, 1e-5, 1)).hasMessageContaining("mode");
        assertThatThrownBy(() -> PrivacyPlan.none().mechanism()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void json_studyWithPrivacyPlan_roundTripsExactly() {
        StudyRequest request = request(plan(5, DP));

        byte[] json = StrictJson.write(request);
        ServiceResult<StudyRequest> read = StrictJson.read(json, StudyRequest.class);

        assertThat(read).isEqualTo(ServiceResult.ok(request));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains(
                "\"privacy\":{\"mode\":\"RECORD_LEVEL\",\"noiseMultiplier\":1.1,\"clipNorm\":1.0,\"samplingRate\":0.01,"
                        + "\"delta\":1.0E-5,\"epsilonBudget\":2.0}");
    }

    @Test
    void json_planWithoutPrivacyField_readsAsNone() {
        String json = "{\"rounds\":3,\"localEpochs\":2,\"learningRate\":0.5,\"folds\":3,\"seed\":1,"
                + "\"minRecordsPerNode\":1,\"minNodes\":1}";

        TrainingPlan plan = StrictJson.readTrusted(json.getBytes(StandardCharsets.UTF_8), TrainingPlan.class);

        assertThat(plan).isEqualTo(new TrainingPlan(3, 2, 0.5, 3, 1L, 1, 1));
        assertThat(plan.privacy().mode()).isEqualTo(PrivacyPlan.Mode.NONE);
    }

    @Test
    void json_overBudgetPlan_isABadRequestNamingTheBudget() {
        String json = "{\"rounds\":50,\"localEpochs\":1,\"learningRate\":0.1,\"folds\":2,\"seed\":1,\"minRecordsPerNode\":1,"
                + "\"minNodes\":1,\"privacy\":{\"mode\":\"RECORD_LEVEL\",\"noiseMultiplier\":1.1,\"clipNorm\":1.0,"
                + "\"samplingRate\":0.01,\"delta\":1e-5,\"epsilonBudget\":2.0}}";

        ServiceResult<TrainingPlan> read = StrictJson.read(json.getBytes(StandardCharsets.UTF_8), TrainingPlan.class);

        assertThat(failure(read)).contains("budget");
    }

    @Test
    void json_privacyMissingANumberOrWithUnknownField_refused() {
        String missing = "{\"mode\":\"RECORD_LEVEL\",\"noiseMultiplier\":1.1,\"clipNorm\":1.0,\"samplingRate\":0.01,\"delta\":1e-5}";
        String unknown = "{\"mode\":\"NONE\",\"noiseMultiplier\":0,\"clipNorm\":0,\"samplingRate\":0,\"delta\":0,"
                + "\"epsilonBudget\":0,\"batchSize\":5}";
        String badMode = "{\"mode\":\"NODE_LEVEL\",\"noiseMultiplier\":0,\"clipNorm\":0,\"samplingRate\":0,\"delta\":0,\"epsilonBudget\":0}";

        assertThat(failure(StrictJson.read(missing.getBytes(StandardCharsets.UTF_8), PrivacyPlan.class))).contains("epsilonBudget");
        assertThat(failure(StrictJson.read(unknown.getBytes(StandardCharsets.UTF_8), PrivacyPlan.class))).contains("batchSize");
        assertThat(failure(StrictJson.read(badMode.getBytes(StandardCharsets.UTF_8), PrivacyPlan.class))).contains("mode");
    }

    private static String failure(ServiceResult<?> result) {
        assertThat(result).isInstanceOf(ServiceResult.Failure.class);
        ServiceResult.Failure<?> failure = (ServiceResult.Failure<?>) result;
        assertThat(failure.reason()).isEqualTo(ServiceResult.Reason.BAD_REQUEST);
        return failure.message();
    }

    private static StudyRequest request(TrainingPlan plan) {
        return new StudyRequest("t", new DeclaredUse("DUO:0000007", List.of("MONDO:0004967"), false, true, false, "U", null),
                List.of(), new Outcome("relapse", "no", "yes"), List.of("g1", "g2"), plan);
    }
}
