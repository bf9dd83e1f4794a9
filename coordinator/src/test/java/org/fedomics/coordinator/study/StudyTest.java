package org.fedomics.coordinator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessCountsEncoding;
import org.fedomics.consent.study.FairnessPlan;
import org.fedomics.consent.study.FeatureSelection;
import org.fedomics.consent.study.ProtectedAttribute;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.FeatureStatisticsEncoding;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.study.SecureRoundPlan;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.ServiceResult.Reason;
import org.fedomics.coordinator.aggregation.FedAvg;
import org.fedomics.coordinator.fairness.FairnessReport;
import org.fedomics.coordinator.fairness.GroupReport;
import org.fedomics.coordinator.fairness.PublishedCount;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.junit.jupiter.api.Test;

/**
 * The study state machine, in memory: decisions, the statistics aggregation, then rounds of real
 * secure aggregation (nodes driven by {@link SecureNodes}), dropouts at every stage, deadlines, release.
 */
class StudyTest {
    private static final Set<String> CONSORTIUM = Set.of("hospital-a", "hospital-b", "hospital-c");
    private static final StudyDecision YES = new StudyDecision(true, "approved");
    private static final StudyDecision NO = new StudyDecision(false, "too few records");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FedAvg fedAvg = new FedAvg();
    private final SecureNodes nodes = new SecureNodes(CONSORTIUM);

    /** 2 folds (3 blocks) of a 2-label, 1-feature model: blocks of 2 x 2. */
    private Study study(int rounds, int minNodes) {
        return study(new TrainingPlan(rounds, 1, 0.1, 2, 1L, 1, minNodes));
    }

    private Study study(TrainingPlan plan) {
        StudyRequest request = new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1"), plan);
        return new Study(new StudyDefinition("study-1", "dr-who", request), CONSORTIUM, nodes.ca(), clock);
    }

    /** A node's statistics of one feature: every block counts these values (enough for the coordinator, which sees only sums). */
    private static FeatureStatistics statistics(double... values) {
        double sum = 0;
        double squares = 0;
        for (double value : values) {
            sum += value;
            squares += value * value;
        }
        return new FeatureStatistics(3, 1, new long[] {values.length, values.length, values.length},
                new double[] {sum, sum, sum}, new double[] {squares, squares, squares});
    }

    /** An update whose every block holds {@code count} records of parameters all equal to {@code value}. */
    private static ParameterBlocks update(long count, double value) {
        double[] values = new double[12];
        java.util.Arrays.fill(values, count * value);
        return new ParameterBlocks(3, 2, 2, new long[] {count, count, count}, values);
    }

    /** Decided and started: the statistics aggregation is open. */
    private Study started(Study study, StudyDecision a, StudyDecision b, StudyDecision c) {
        study.recordDecision("hospital-a", a);
        study.recordDecision("hospital-b", b);
        study.recordDecision("hospital-c", c);
        assertThat(study.allDecided()).isTrue();
        assertThat(study.startIfEnoughApprove()).isTrue();
        return study;
    }

    /** Started and past its statistics (every participant sent some): round 1 is open. */
    private Study running(int rounds, int minNodes, StudyDecision a, StudyDecision b, StudyDecision c) {
        Study study = started(study(rounds, minNodes), a, b, c);
        Map<String, FeatureStatistics> sent = new java.util.TreeMap<>();
        study.participants().forEach(n -> sent.put(n, statistics(1, 2, 3)));
        assertThat(nodes.runStatistics(study, fedAvg, sent, Map.of())).isTrue();
        assertThat(study.round()).isEqualTo(1);
        return study;
    }

    private static void assertFails(ServiceResult<?> result, Reason reason) {
        assertThat(result).isInstanceOfSatisfying(ServiceResult.Failure.class, f -> assertThat(f.reason()).isEqualTo(reason));
    }

    @Test
    void recordDecision_nodeOutsideTheConsortium_forbidden() {
        Study study = study(2, 2);

        assertFails(study.recordDecision("hospital-z", YES), Reason.FORBIDDEN);
        assertThat(study.status().decisions()).doesNotContainKey("hospital-z");
    }

    @Test
    void recordDecision_secondDecisionOfANode_conflictAndFirstStands() {
        Study study = study(2, 2);
        assertThat(study.recordDecision("hospital-a", NO).succeeded()).isTrue();

        assertFails(study.recordDecision("hospital-a", YES), Reason.CONFLICT);
        assertThat(study.status().decisions().get("hospital-a")).startsWith("refused");
    }

    @Test
    void allDecided_onlyOnceEveryNodeDecided() {
        Study study = study(2, 2);
        study.recordDecision("hospital-a", YES);
        study.recordDecision("hospital-b", YES);

        assertThat(study.allDecided()).isFalse();
        assertThat(study.status().decisions().get("hospital-c")).isEqualTo("pending");
    }

    @Test
    void startIfEnoughApprove_fewerApproveThanMinNodes_refused() {
        Study study = study(2, 2);
        study.recordDecision("hospital-a", YES);
        study.recordDecision("hospital-b", NO);
        study.recordDecision("hospital-c", NO);

        assertThat(study.startIfEnoughApprove()).isFalse();
        assertThat(study.state()).isEqualTo(StudyState.REFUSED);
        assertThat(study.status().reason()).contains("1 of 3").contains("needs 2");
        assertFails(study.receive("hospital-a", 1, Stage.ADVERTISE, new byte[10]), Reason.CONFLICT);
    }

    @Test
    void startIfEnoughApprove_enoughApprove_sumsStatisticsWithTheApprovingNodesOnly() {
        Study study = started(study(2, 2), YES, NO, YES);

        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
        assertThat(study.round()).isZero();
        assertThat(study.participants()).containsExactly("hospital-a", "hospital-c");
        assertThat(study.openingTask().kind()).isEqualTo(NodeTask.Kind.STATISTICS);
        assertThat(study.openingStep().config().roster()).containsExactly("hospital-a", "hospital-c");
        assertThat(study.standardization()).isEmpty();
        assertThat(study.status().statistics()).isNull();
        assertFails(study.recordDecision("hospital-b", YES), Reason.CONFLICT);
    }

    @Test
    void openingTask_afterApproval_isTheStatisticsSessionOfTheStudy() {
        Study study = started(study(2, 2), YES, YES, YES);

        NodeTask task = study.openingTask();

        assertThat(task.round()).isEqualTo(NodeTask.STATISTICS_ROUND);
        assertThat(task.step().stage()).isEqualTo(Stage.ADVERTISE);
        assertThat(task.step().config()).isEqualTo(SecureRoundPlan.statisticsConfig(study.definition(), study.participants()));
        assertThat(task.step().config().sessionLabel()).isEqualTo("study-1/statistics");
        // 3 counts, 3 x 1 sums, 3 x 1 sums of squares
        assertThat(task.step().config().vectorLength()).isEqualTo(9);
        assertFails(study.receive("hospital-a", 1, Stage.ADVERTISE, nodes.protocol(study, "hospital-a").advertiseKeys()),
                Reason.CONFLICT);
    }

    @Test
    void closeStage_statisticsFromEveryNode_standardizationIsTheConsortiumsMeanAndSd_thenRoundOneOpens() {
        Study study = started(study(2, 2), YES, YES, YES);
        clock.advance(Duration.ofSeconds(3));

        boolean closed = nodes.runStatistics(study, fedAvg, Map.of("hospital-a", statistics(1, 2), "hospital-b", statistics(3, 4, 5),
                "hospital-c", statistics(6)), Map.of());

        assertThat(closed).isTrue();
        // pooled: 1..6, mean 3.5, sample sd sqrt(17.5 / 5)
        FeatureStandardization standardization = study.standardization().orElseThrow();
        for (int b = 0; b < 3; b++) {
            assertThat(standardization.means(b)[0]).isCloseTo(3.5, within(1e-9));
            assertThat(standardization.sds(b)[0]).isCloseTo(Math.sqrt(3.5), within(1e-6));
        }
        StatisticsSummary summary = study.statistics().orElseThrow();
        assertThat(summary.contributors()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertThat(summary.dropped()).isEmpty();
        assertThat(summary.recordsCounted()).isEqualTo(6);
        assertThat(summary.bytesReceived()).isEqualTo(nodes.bytesSent());
        assertThat(summary.seconds()).isEqualTo(3.0);
        assertThat(summary.standardizationSha256()).isEqualTo(standardization.sha256());
        assertThat(study.status().statistics()).isEqualTo(summary);
        assertThat(study.rounds()).as("the statistics are no round of training").isEmpty();
        assertThat(study.round()).isEqualTo(1);
        assertThat(study.openingTask().kind()).isEqualTo(NodeTask.Kind.ROUND);
        assertThat(study.openingStep().config().sessionLabel()).isEqualTo("study-1/round-1/model");
    }

    @Test
    void closeStage_statisticsOfAStudyThatSelects_roundsTrainTheMostVariableFeature() {
        StudyRequest request = new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1", "g2", "g3"), new TrainingPlan(2, 1, 0.1, 2, 1L, 1, 2),
                new FeatureSelection(1), null);
        Study study = started(new Study(new StudyDefinition("study-1", "dr-who", request), CONSORTIUM, nodes.ca(), clock),
                YES, YES, YES);
        // per node, g1 and g3 vary little; g2 varies most across the consortium, though at each node alone it is constant
        nodes.runStatistics(study, fedAvg, Map.of("hospital-a", statistics(new double[] {1, 0, 5}, new double[] {1.5, 0, 5.5}),
                "hospital-b", statistics(new double[] {1, 10, 5}, new double[] {1.5, 10, 5.5}),
                "hospital-c", statistics(new double[] {1, 20, 5}, new double[] {1.5, 20, 5.5})), Map.of());

        assertThat(study.standardization().orElseThrow().features()).as("every candidate's statistics are kept").isEqualTo(3);
        assertThat(study.trained().orElseThrow().request().features()).containsExactly("g2");
        assertThat(study.statistics().orElseThrow().trainedFeatures()).containsExactly("g2");
        // 3 counts and 3 blocks of 2 labels x (1 feature + bias)
        assertThat(study.openingStep().config().vectorLength()).isEqualTo(3 + 3 * 2 * 2);
        assertThat(study.global().columns()).isEqualTo(2);
        assertThat(nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of())).isTrue();
        assertThat(study.global().columns()).isEqualTo(2);
    }

    /** A node's statistics of several features, each record a row of values; every block counts every record. */
    private static FeatureStatistics statistics(double[]... records) {
        int features = records[0].length;
        double[] sums = new double[3 * features];
        double[] squares = new double[3 * features];
        for (double[] record : records) {
            for (int b = 0; b < 3; b++) {
                for (int f = 0; f < features; f++) {
                    sums[b * features + f] += record[f];
                    squares[b * features + f] += record[f] * record[f];
                }
            }
        }
        return new FeatureStatistics(3, features, new long[] {records.length, records.length, records.length}, sums, squares);
    }

    @Test
    void closeStage_nodeDropsAfterSharingKeysForTheStatistics_standardizationFromTheSurvivors_andEveryoneTrains() {
        Study study = started(study(2, 2), YES, YES, YES);

        nodes.runStatistics(study, fedAvg, Map.of("hospital-a", statistics(1, 2), "hospital-b", statistics(900, 1000),
                "hospital-c", statistics(3)), Map.of("hospital-b", Stage.MASK));

        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
        assertThat(study.standardization().orElseThrow().means(2)[0]).isCloseTo(2.0, within(1e-9));
        assertThat(study.standardization().orElseThrow().sds(2)[0]).isCloseTo(1.0, within(1e-6));
        assertThat(study.statistics().orElseThrow().contributors()).containsExactly("hospital-a", "hospital-c");
        assertThat(study.statistics().orElseThrow().dropped()).containsExactly("hospital-b");
        assertThat(study.statistics().orElseThrow().recordsCounted()).isEqualTo(3);
        assertThat(study.openingStep().config().roster()).as("round 1 is open to every participant")
                .containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertThat(nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of())).isTrue();
    }

    @Test
    void closeStage_tooFewNodesSendStatistics_failsTheStudyWithoutAStandardization() {
        Study study = started(study(2, 2), YES, YES, YES);

        nodes.runStatistics(study, fedAvg, Map.of("hospital-a", statistics(1), "hospital-b", statistics(2), "hospital-c",
                statistics(3)), Map.of("hospital-b", Stage.UNMASK, "hospital-c", Stage.UNMASK));

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).startsWith("statistics, stage unmask");
        assertThat(study.standardization()).isEmpty();
        assertThat(study.statistics()).isEmpty();
    }

    @Test
    void closeStage_summedStatisticsNoHonestNodeSends_failsTheStudy() {
        Study study = started(study(2, 2), YES, YES, YES);
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(study.definition().request(), 3);
        long[] honest = encoding.encode(statistics(1, 2));
        long[] negativeCounts = honest.clone();
        for (int b = 0; b < 3; b++) {
            negativeCounts[b] = (1L << FeatureStatisticsEncoding.MODULUS_BITS) - honest[b] * 10; // minus ten times two records
        }

        nodes.run(study, fedAvg, Map.of("hospital-a", honest, "hospital-b", honest, "hospital-c", negativeCounts), Map.of());

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).contains("summed statistics are invalid").contains("negative record count");
        assertThat(study.standardization()).isEmpty();
    }

    @Test
    void startIfEnoughApprove_recordLevelPrivacyPlan_startsWithRoundOneAndSumsNoStatistics() {
        Study study = started(study(new TrainingPlan(2, 1, 0.1, 2, 1L, 1, 2, PrivacyPlan.recordLevel(4, 1, 0.5, 1e-3, 100))),
                YES, YES, YES);

        assertThat(study.round()).isEqualTo(1);
        assertThat(study.openingTask().kind()).isEqualTo(NodeTask.Kind.ROUND);
        assertThat(nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of())).isTrue();
        assertThat(study.standardization()).isEmpty();
        assertThat(study.status().statistics()).isNull();
    }

    @Test
    void startIfEnoughApprove_oneApprovesAndThePlanAcceptsOne_refusedSinceASumOfOneIsThatHospitalsUpdate() {
        Study study = study(2, 1);
        study.recordDecision("hospital-a", YES);
        study.recordDecision("hospital-b", NO);
        study.recordDecision("hospital-c", NO);

        assertThat(study.startIfEnoughApprove()).isFalse();
        assertThat(study.status().reason()).contains("needs 2 for secure aggregation");
    }

    @Test
    void openingStep_bindsStudyRoundAndRosterWithAStrictMajorityThreshold() {
        Study study = running(2, 2, YES, YES, YES);

        SecAggConfig config = study.openingStep().config();
        assertThat(study.openingStep().stage()).isEqualTo(Stage.ADVERTISE);
        assertThat(config.sessionLabel()).isEqualTo("study-1/round-1/model");
        assertThat(config.roster()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertThat(config.threshold()).isEqualTo(2);
        assertThat(config.vectorLength()).isEqualTo(3 + 12);
    }

    @Test
    void receive_forAnotherRound_conflict() {
        Study study = running(2, 2, YES, YES, YES);
        byte[] keys = nodes.protocol(study, "hospital-a").advertiseKeys();

        assertFails(study.receive("hospital-a", 2, Stage.ADVERTISE, keys), Reason.CONFLICT);
        assertFails(study.receive("hospital-a", 0, Stage.ADVERTISE, keys), Reason.CONFLICT);
    }

    @Test
    void receive_fromNodeThatRefusedOrOutsider_forbidden() {
        Study study = running(2, 2, YES, NO, YES);
        byte[] keys = nodes.protocol(study, "hospital-a").advertiseKeys();

        assertFails(study.receive("hospital-b", 1, Stage.ADVERTISE, keys), Reason.FORBIDDEN);
        assertFails(study.receive("hospital-z", 1, Stage.ADVERTISE, keys), Reason.FORBIDDEN);
    }

    @Test
    void receive_laterStageThanTheCurrent_conflict() {
        Study study = running(2, 2, YES, YES, YES);

        assertFails(study.receive("hospital-a", 1, Stage.MASK, new byte[64]), Reason.CONFLICT);
    }

    @Test
    void receive_secondAnswerOfANode_conflictAndFirstKept() {
        Study study = running(2, 2, YES, YES, YES);
        var protocol = nodes.protocol(study, "hospital-a");
        assertThat(study.receive("hospital-a", 1, Stage.ADVERTISE, protocol.advertiseKeys()).succeeded()).isTrue();

        assertFails(study.receive("hospital-a", 1, Stage.ADVERTISE, nodes.protocol(study, "hospital-a").advertiseKeys()),
                Reason.CONFLICT);
    }

    @Test
    void receive_bytesThatAreNoAdvertisement_badRequestAndNotCounted() {
        Study study = running(2, 2, YES, YES, YES);

        assertFails(study.receive("hospital-a", 1, Stage.ADVERTISE, new byte[] {1, 2, 3}), Reason.BAD_REQUEST);
        assertThat(study.receive("hospital-a", 1, Stage.ADVERTISE, nodes.protocol(study, "hospital-a").advertiseKeys())
                .succeeded()).isTrue();
    }

    @Test
    void receive_advertisementSignedByAnotherNode_badRequest() {
        Study study = running(2, 2, YES, YES, YES);

        assertFails(study.receive("hospital-a", 1, Stage.ADVERTISE, nodes.protocol(study, "hospital-c").advertiseKeys()),
                Reason.BAD_REQUEST);
    }

    @Test
    void closeStage_everyNodeContributes_nextGlobalIsTheFedAvgOfTheUpdates() {
        Study study = running(2, 2, YES, YES, YES);
        clock.advance(Duration.ofSeconds(40));

        boolean closed = nodes.runRound(study, fedAvg, Map.of("hospital-a", update(1, 2.0), "hospital-b", update(2, 5.0),
                "hospital-c", update(3, 6.0)), Map.of());

        assertThat(closed).isTrue();
        assertThat(study.round()).isEqualTo(2);
        assertAll(study.global().values(), (2.0 + 10.0 + 18.0) / 6);
        RoundSummary summary = study.rounds().get(0);
        assertThat(summary.contributors()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertThat(summary.dropped()).isEmpty();
        assertThat(summary.recordsTrained()).isEqualTo(6);
        assertThat(summary.bytesReceived()).isEqualTo(nodes.bytesSent());
        assertThat(summary.seconds()).isEqualTo(40.0);
        assertThat(summary.globalModelSha256()).isEqualTo(org.fedomics.consent.study.ParameterDigest.sha256(study.global()));
    }

    @Test
    void closeStage_nodeDropsAfterSharingKeys_roundCompletesWithTheSurvivorsAverage() {
        Study study = running(3, 2, YES, YES, YES);

        nodes.runRound(study, fedAvg, Map.of("hospital-a", update(1, 2.0), "hospital-b", update(5, 100.0),
                "hospital-c", update(3, 6.0)), Map.of("hospital-b", Stage.MASK));

        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
        assertThat(study.round()).isEqualTo(2);
        assertAll(study.global().values(), (1 * 2.0 + 3 * 6.0) / 4);
        RoundSummary summary = study.rounds().get(0);
        assertThat(summary.contributors()).containsExactly("hospital-a", "hospital-c");
        assertThat(summary.dropped()).containsExactly("hospital-b");
        assertThat(summary.recordsTrained()).isEqualTo(4);
    }

    @Test
    void closeStage_nodeDropsDuringUnmasking_roundStillCompletesWithAllThreeInputs() {
        Study study = running(3, 2, YES, YES, YES);

        nodes.runRound(study, fedAvg, Map.of("hospital-a", update(1, 2.0), "hospital-b", update(2, 5.0),
                "hospital-c", update(3, 6.0)), Map.of("hospital-c", Stage.UNMASK));

        assertThat(study.rounds().get(0).contributors()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        assertAll(study.global().values(), (2.0 + 10.0 + 18.0) / 6);
    }

    @Test
    void closeStage_fewerAdvertisersThanTheThreshold_failsTheStudyWithoutASum() {
        Study study = running(3, 2, YES, YES, YES);
        ParameterBlocks before = study.global();

        nodes.runRound(study, fedAvg, Map.of("hospital-a", update(1, 2.0), "hospital-b", update(2, 5.0),
                "hospital-c", update(3, 6.0)), Map.of("hospital-b", Stage.ADVERTISE, "hospital-c", Stage.ADVERTISE));

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).contains("round 1").contains("advertise");
        assertThat(study.global()).isSameAs(before);
        assertThat(study.rounds()).isEmpty();
    }

    @Test
    void closeStage_tooFewUnmaskers_failsTheStudyWithoutASum() {
        Study study = running(3, 2, YES, YES, YES);
        ParameterBlocks before = study.global();

        nodes.runRound(study, fedAvg, Map.of("hospital-a", update(1, 2.0), "hospital-b", update(2, 5.0),
                "hospital-c", update(3, 6.0)), Map.of("hospital-b", Stage.UNMASK, "hospital-c", Stage.UNMASK));

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).contains("unmask");
        assertThat(study.global()).isSameAs(before);
    }

    @Test
    void markReleased_beforeTheLastRound_refused() {
        Study study = running(3, 2, YES, YES, YES);
        nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of());

        assertThat(study.round()).isEqualTo(2);
        assertThat(study.readyForRelease()).isFalse();
        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(study(2, 2)::markReleased).as("not even started").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void markReleased_singleRoundStillOpen_refused() {
        Study study = running(1, 2, YES, YES, YES);
        study.receive("hospital-a", 1, Stage.ADVERTISE, nodes.protocol(study, "hospital-a").advertiseKeys());

        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
    }

    @Test
    void markReleased_afterTheLastRoundClosed_released() {
        Study study = running(2, 2, YES, YES, YES);
        nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of());
        nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of());
        assertThat(study.readyForRelease()).isTrue();

        study.markReleased();

        assertThat(study.state()).isEqualTo(StudyState.RELEASED);
        assertThat(study.state().isFinal()).isTrue();
        assertThat(study.status().completedRounds()).isEqualTo(2);
        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stageExpired_trainingDeadlineForTheFirstStageThenTheStageDeadline() {
        Study study = running(2, 2, YES, YES, YES);
        Duration training = Duration.ofSeconds(120);
        Duration stage = Duration.ofSeconds(10);

        clock.advance(Duration.ofSeconds(120));
        assertThat(study.stageExpired(training, stage)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(study.stageExpired(training, stage)).isTrue();

        for (String node : List.of("hospital-a", "hospital-b", "hospital-c")) {
            study.receive(node, 1, Stage.ADVERTISE, nodes.protocol(study, node).advertiseKeys());
        }
        study.closeStage(fedAvg);
        assertThat(study.stageExpired(training, stage)).as("the share stage starts its own deadline").isFalse();
        clock.advance(Duration.ofSeconds(11));
        assertThat(study.stageExpired(training, stage)).isTrue();
    }

    @Test
    void stageExpired_studyNotRunning_never() {
        Study submitted = study(2, 2);
        clock.advance(Duration.ofDays(1));

        assertThat(submitted.stageExpired(Duration.ofSeconds(1), Duration.ofSeconds(1))).isFalse();
        Study failed = running(2, 2, YES, YES, YES);
        failed.fail("operator stopped it");
        clock.advance(Duration.ofDays(1));
        assertThat(failed.stageExpired(Duration.ofSeconds(1), Duration.ofSeconds(1))).isFalse();
        assertThat(failed.status().reason()).isEqualTo("operator stopped it");
    }

    private static void assertAll(double[] values, double expected) {
        for (double value : values) {
            assertThat(value).isCloseTo(expected, within(1e-6));
        }
    }

    // ---- the fairness audit after the last round ---------------------------------------------------

    private static final ProtectedAttribute SEX = ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown");

    /** A study of {@code rounds} rounds auditing sex with 4 score bins (bins 2 and 3 predicted positive), past its statistics. */
    private Study audited(int rounds, FairnessPlan fairness) {
        StudyRequest request = new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1"), new TrainingPlan(rounds, 1, 0.1, 2, 1L, 1, 2), null, fairness);
        Study study = started(new Study(new StudyDefinition("study-1", "dr-who", request), CONSORTIUM, nodes.ca(), clock),
                YES, YES, YES);
        Map<String, FeatureStatistics> sent = new java.util.TreeMap<>();
        study.participants().forEach(n -> sent.put(n, statistics(1, 2, 3)));
        assertThat(nodes.runStatistics(study, fedAvg, sent, Map.of())).isTrue();
        for (int r = 1; r <= rounds; r++) {
            assertThat(nodes.runRound(study, fedAvg, everyNode(1, 1), Map.of())).isTrue();
        }
        return study;
    }

    private static FairnessPlan bySex(double maxGap) {
        return new FairnessPlan(List.of(SEX), maxGap, null, 4);
    }

    /** One node's counts: per group (M, F, unknown) the negatives' then the positives' histogram over the 4 bins. */
    private static FairnessCounts counts(FairnessPlan plan, long[]... histograms) {
        long[] cells = new long[plan.cells()];
        for (int i = 0; i < histograms.length; i++) {
            System.arraycopy(histograms[i], 0, cells, plan.offset(0, i / 2, i % 2 == 1, 0), 4);
        }
        return new FairnessCounts(plan, cells);
    }

    private static long[] h(long... bins) {
        return bins;
    }

    /**
     * Summed: M negatives [3,2,1,0], positives [0,1,3,2] (12 records, TP 5 of 6, FP 1 of 6); F negatives
     * [3,2,1,0], positives [1,1,2,1] (11 records, TP 3 of 5, FP 1 of 6); unknown 1 negative, 1 positive.
     */
    private static Map<String, FairnessCounts> threeHospitals(FairnessPlan plan) {
        long[] none = h(0, 0, 0, 0);
        return Map.of(
                "hospital-a", counts(plan, h(2, 1, 0, 0), h(0, 0, 2, 1), h(0, 2, 1, 0), h(1, 0, 1, 0), none, h(0, 0, 0, 1)),
                "hospital-b", counts(plan, h(1, 1, 1, 0), h(0, 1, 1, 1), h(2, 0, 0, 0), h(0, 1, 1, 1), h(1, 0, 0, 0), none),
                "hospital-c", counts(plan, none, none, h(1, 0, 0, 0), none, none, none));
    }

    @Test
    void closeStage_lastRoundOfAnAuditedStudy_opensTheAuditSessionWithTheFinalModel() {
        Study study = audited(2, bySex(0.2));

        assertThat(study.round()).isEqualTo(NodeTask.AUDIT_ROUND);
        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
        assertThat(study.readyForRelease()).isFalse();
        assertThat(study.openingTask().kind()).isEqualTo(NodeTask.Kind.AUDIT);
        assertThat(study.openingTask().round()).isEqualTo(NodeTask.AUDIT_ROUND);
        assertThat(study.openingStep().config()).isEqualTo(SecureRoundPlan.auditConfig(study.definition(), study.participants()));
        assertThat(study.openingStep().config().sessionLabel()).isEqualTo("study-1/fairness-audit");
        assertThat(study.rounds()).hasSize(2);
        assertThat(study.status().reason()).contains("fairness audit");
        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeStage_auditFromEveryNode_metricsOfTheSummedCounts_failingGapsMarkedAndStillReleasable() {
        Study study = audited(1, bySex(0.2));
        clock.advance(Duration.ofSeconds(3));

        assertThat(nodes.runAudit(study, fedAvg, threeHospitals(bySex(0.2)), Map.of())).isTrue();

        FairnessReport report = study.fairness().orElseThrow();
        GroupReport m = report.attributes().get(0).groups().get(0);
        GroupReport f = report.attributes().get(0).groups().get(1);
        GroupReport unknown = report.attributes().get(0).groups().get(2);
        assertThat(report.hospitals()).containsExactly("hospital-a", "hospital-b", "hospital-c");
        // M: exact counts, the sum of the three hospitals'
        assertThat(m.records()).isEqualTo(PublishedCount.exact(12));
        assertThat(m.positives()).isEqualTo(PublishedCount.exact(6));
        assertThat(m.negatives()).isEqualTo(PublishedCount.exact(6));
        assertThat(m.selectionRate()).isEqualTo(0.5);
        assertThat(m.accuracy()).isCloseTo(10.0 / 12, within(1e-12));
        assertThat(m.truePositiveRate()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.falsePositiveRate()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(m.auc()).isCloseTo(32.5 / 36, within(1e-12));
        // F: rates over enough records; counts withheld, since with M's and the unknown group's "<5" they would give it away
        assertThat(f.records()).isEqualTo(PublishedCount.atLeast(5));
        assertThat(f.selectionRate()).isCloseTo(4.0 / 11, within(1e-12));
        assertThat(f.truePositiveRate()).isCloseTo(0.6, within(1e-12));
        assertThat(f.auc()).isCloseTo(22.5 / 30, within(1e-12));
        assertThat(unknown.records()).isEqualTo(PublishedCount.below(5));
        assertThat(unknown.selectionRate()).isNull();
        assertThat(unknown.note()).contains("too few records");
        // gaps: parity 0.5 - 4/11, opportunity and odds 5/6 - 0.6: over 0.2
        assertThat(report.gaps().demographicParity()).isCloseTo(0.5 - 4.0 / 11, within(1e-12));
        assertThat(report.gaps().equalOpportunity()).isCloseTo(5.0 / 6 - 0.6, within(1e-12));
        assertThat(report.gaps().equalizedOdds()).isCloseTo(5.0 / 6 - 0.6, within(1e-12));
        assertThat(report.passed()).isFalse();
        assertThat(report.findings()).containsExactly("sex: equal opportunity gap 0.233 exceeds 0.2",
                "sex: equalized odds gap 0.233 exceeds 0.2");
        AuditSummary summary = study.status().audit();
        assertThat(summary.seconds()).isEqualTo(3.0);
        assertThat(summary.bytesReceived()).isEqualTo(nodes.bytesSent());
        assertThat(summary.dropped()).isEmpty();
        assertThat(study.readyForRelease()).isTrue();

        study.markReleased();

        assertThat(study.state()).isEqualTo(StudyState.RELEASED);
        assertThat(study.status().reason()).contains("marked as failing its fairness audit").contains("equal opportunity gap 0.233");
    }

    @Test
    void closeStage_auditWithinTheLargestGap_passes() {
        Study study = audited(1, bySex(0.25));

        assertThat(nodes.runAudit(study, fedAvg, threeHospitals(bySex(0.25)), Map.of())).isTrue();

        assertThat(study.fairness().orElseThrow().passed()).isTrue();
        assertThat(study.fairness().orElseThrow().findings()).isEmpty();
        study.markReleased();
        assertThat(study.status().reason()).isEqualTo("released; the fairness audit passed");
    }

    @Test
    void closeStage_nodeDropsOutOfTheAuditAfterSharingKeys_auditOfTheSurvivorsCounts() {
        Study study = audited(1, bySex(0.2));

        assertThat(nodes.runAudit(study, fedAvg, threeHospitals(bySex(0.2)), Map.of("hospital-a", Stage.MASK))).isTrue();

        FairnessReport report = study.fairness().orElseThrow();
        assertThat(report.hospitals()).containsExactly("hospital-b", "hospital-c");
        assertThat(study.status().audit().dropped()).containsExactly("hospital-a");
        // B and C alone: M 6 records (3 positives), F 6 (B's 5 and C's 1), unknown 1; of M and F, one count is withheld with the unknown's
        assertThat(report.attributes().get(0).groups().get(0).records()).isEqualTo(PublishedCount.atLeast(5));
        assertThat(report.attributes().get(0).groups().get(1).records()).isEqualTo(PublishedCount.exact(6));
        assertThat(report.attributes().get(0).groups().get(2).records()).isEqualTo(PublishedCount.below(5));
        assertThat(report.attributes().get(0).groups().get(0).truePositiveRate()).as("3 positives are too few").isNull();
        assertThat(report.attributes().get(0).groups().get(0).selectionRate()).isEqualTo(0.5);
    }

    @Test
    void closeStage_tooFewNodesSendTheirCounts_failsTheStudyWithoutAnAudit() {
        Study study = audited(1, bySex(0.2));

        nodes.runAudit(study, fedAvg, threeHospitals(bySex(0.2)), Map.of("hospital-a", Stage.SHARE, "hospital-b", Stage.SHARE));

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).startsWith("fairness audit, stage share");
        assertThat(study.fairness()).isEmpty();
    }

    @Test
    void closeStage_summedCountsNoHonestNodeSends_failsTheStudy() {
        ProtectedAttribute age = ProtectedAttribute.bands("age", List.of(30.0), List.of("<30", ">=30"), "unknown");
        FairnessPlan twoAttributes = new FairnessPlan(List.of(SEX, age), 0.2, null, 4);
        Study study = audited(1, twoAttributes);
        long[] lopsided = new long[twoAttributes.cells()];
        lopsided[twoAttributes.offset(0, 0, true, 3)] = 2;
        lopsided[twoAttributes.offset(1, 0, true, 3)] = 1;

        nodes.run(study, fedAvg, Map.of("hospital-a", lopsided, "hospital-b", new long[twoAttributes.cells()],
                "hospital-c", new long[twoAttributes.cells()]), Map.of());

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).contains("summed counts are invalid").contains("sex counts 2 records, age 1");
    }

    @Test
    void coordinatorsView_ofTheAudit_holdsNoNodesCountsOnlyMaskedInputs() {
        Study study = audited(1, bySex(0.2));
        Map<String, FairnessCounts> counts = threeHospitals(bySex(0.2));
        int before = nodes.received().size();

        assertThat(nodes.runAudit(study, fedAvg, counts, Map.of())).isTrue();

        List<byte[]> view = nodes.received().subList(before, nodes.received().size());
        FairnessCountsEncoding encoding = FairnessCountsEncoding.forStudy(study.definition().request(), 3);
        for (var entry : counts.entrySet()) {
            byte[] plain = littleEndian(encoding.encode(entry.getValue()));
            for (byte[] message : view) {
                assertThat(indexOf(message, plain)).as("%s's counts in a message", entry.getKey()).isNegative();
            }
        }
        assertThat(study.fairness()).isPresent();
    }

    /** A node's input as a masked-input message would carry it unmasked: 4 little-endian bytes per element. */
    private static byte[] littleEndian(long[] values) {
        byte[] out = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            for (int b = 0; b < 4; b++) {
                out[i * 4 + b] = (byte) (values[i] >>> (8 * b));
            }
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, ParameterBlocks> everyNode(long count, double value) {
        return Map.of("hospital-a", update(count, value), "hospital-b", update(count, value), "hospital-c", update(count, value));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
