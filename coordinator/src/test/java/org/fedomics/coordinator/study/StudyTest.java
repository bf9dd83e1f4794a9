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
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.ServiceResult.Reason;
import org.fedomics.coordinator.aggregation.FedAvg;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.junit.jupiter.api.Test;

/**
 * The study state machine, in memory: decisions, then rounds of real secure aggregation (nodes
 * driven by {@link SecureNodes}), dropouts at every stage, deadlines, release.
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
        StudyRequest request = new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1"), new TrainingPlan(rounds, 1, 0.1, 2, 1L, 1, minNodes));
        return new Study(new StudyDefinition("study-1", "dr-who", request), CONSORTIUM, zeros(), nodes.ca(), clock);
    }

    private static ParameterBlocks zeros() {
        return new ParameterBlocks(3, 2, 2, new long[3], new double[12]);
    }

    /** An update whose every block holds {@code count} records of parameters all equal to {@code value}. */
    private static ParameterBlocks update(long count, double value) {
        double[] values = new double[12];
        java.util.Arrays.fill(values, count * value);
        return new ParameterBlocks(3, 2, 2, new long[] {count, count, count}, values);
    }

    private Study running(int rounds, int minNodes, StudyDecision a, StudyDecision b, StudyDecision c) {
        Study study = study(rounds, minNodes);
        study.recordDecision("hospital-a", a);
        study.recordDecision("hospital-b", b);
        study.recordDecision("hospital-c", c);
        assertThat(study.allDecided()).isTrue();
        assertThat(study.startIfEnoughApprove()).isTrue();
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
    void startIfEnoughApprove_enoughApprove_runsRoundOneWithTheApprovingNodesOnly() {
        Study study = running(2, 2, YES, NO, YES);

        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
        assertThat(study.round()).isEqualTo(1);
        assertThat(study.participants()).containsExactly("hospital-a", "hospital-c");
        assertFails(study.recordDecision("hospital-b", YES), Reason.CONFLICT);
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
        assertThat(study.allRoundsDone()).isFalse();
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
        assertThat(study.allRoundsDone()).isTrue();

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
