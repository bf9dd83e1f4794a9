package org.fedomics.coordinator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.ServiceResult.Reason;
import org.fedomics.coordinator.aggregation.FedAvg;
import org.junit.jupiter.api.Test;

/** The study state machine, in memory: decisions, rounds, dropouts, deadlines, release. */
class StudyTest {
    private static final Set<String> CONSORTIUM = Set.of("hospital-a", "hospital-b", "hospital-c");
    private static final StudyDecision YES = new StudyDecision(true, "approved");
    private static final StudyDecision NO = new StudyDecision(false, "too few records");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FedAvg fedAvg = new FedAvg();

    /** 2 folds (3 blocks) of a 2-label, 1-feature model: blocks of 2 x 2. */
    private Study study(int rounds, int minNodes) {
        StudyRequest request = new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1"), new TrainingPlan(rounds, 1, 0.1, 2, 1L, 1, minNodes));
        return new Study(new StudyDefinition("study-1", "dr-who", request), CONSORTIUM, zeros(), clock);
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
        assertFails(study.submitUpdate("hospital-a", 1, update(1, 1), 10), Reason.CONFLICT);
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
    void submitUpdate_forAnotherRound_conflict() {
        Study study = running(2, 2, YES, YES, YES);

        assertFails(study.submitUpdate("hospital-a", 2, update(1, 1), 10), Reason.CONFLICT);
        assertFails(study.submitUpdate("hospital-a", 0, update(1, 1), 10), Reason.CONFLICT);
    }

    @Test
    void submitUpdate_fromNodeThatRefused_forbidden() {
        Study study = running(2, 2, YES, NO, YES);

        assertFails(study.submitUpdate("hospital-b", 1, update(1, 1), 10), Reason.FORBIDDEN);
        assertFails(study.submitUpdate("hospital-z", 1, update(1, 1), 10), Reason.FORBIDDEN);
    }

    @Test
    void submitUpdate_secondFromSameNode_conflictAndFirstKept() {
        Study study = running(1, 1, YES, YES, NO);
        assertThat(study.submitUpdate("hospital-a", 1, update(1, 2.0), 10).succeeded()).isTrue();

        assertFails(study.submitUpdate("hospital-a", 1, update(1, 100.0), 10), Reason.CONFLICT);
        study.submitUpdate("hospital-b", 1, update(1, 4.0), 10);
        study.closeRound(fedAvg);
        assertThat(study.global().values()).containsOnly(3.0);
    }

    @Test
    void submitUpdate_ofAnotherShape_badRequest() {
        Study study = running(2, 2, YES, YES, YES);

        assertFails(study.submitUpdate("hospital-a", 1, new ParameterBlocks(3, 2, 3, new long[3], new double[18]), 10),
                Reason.BAD_REQUEST);
        assertThat(study.roundComplete()).isFalse();
    }

    @Test
    void closeRound_droppedNodeButEnoughContributors_continuesWithTheirAverage() {
        Study study = running(3, 2, YES, YES, YES);
        clock.advance(Duration.ofSeconds(40));
        study.submitUpdate("hospital-a", 1, update(1, 2.0), 100);
        study.submitUpdate("hospital-c", 1, update(3, 6.0), 300);
        assertThat(study.roundComplete()).isFalse();

        assertThat(study.closeRound(fedAvg)).isTrue();

        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
        assertThat(study.round()).isEqualTo(2);
        assertThat(study.global().values()).containsOnly((1 * 2.0 + 3 * 6.0) / 4);
        RoundSummary summary = study.rounds().get(0);
        assertThat(summary.round()).isEqualTo(1);
        assertThat(summary.contributors()).containsExactlyInAnyOrder("hospital-a", "hospital-c");
        assertThat(summary.dropped()).containsExactly("hospital-b");
        assertThat(summary.recordsTrained()).isEqualTo(4);
        assertThat(summary.bytesReceived()).isEqualTo(400);
        assertThat(summary.seconds()).isEqualTo(40.0);
        assertThat(summary.globalModelSha256()).isEqualTo(org.fedomics.consent.study.ParameterDigest.sha256(study.global()));
        // the next round starts empty: the dropped node may come back
        assertThat(study.submitUpdate("hospital-b", 2, update(1, 1), 10).succeeded()).isTrue();
    }

    @Test
    void closeRound_tooFewContributors_failsTheStudy() {
        Study study = running(3, 2, YES, YES, YES);
        study.submitUpdate("hospital-a", 1, update(1, 2.0), 100);
        ParameterBlocks before = study.global();

        assertThat(study.closeRound(fedAvg)).isFalse();

        assertThat(study.state()).isEqualTo(StudyState.FAILED);
        assertThat(study.status().reason()).contains("round 1").contains("1 hospitals sent updates");
        assertThat(study.global()).isSameAs(before);
        assertThat(study.rounds()).isEmpty();
        assertFails(study.submitUpdate("hospital-b", 1, update(1, 1), 10), Reason.CONFLICT);
    }

    @Test
    void markReleased_beforeTheLastRound_refused() {
        Study study = running(3, 1, YES, YES, YES);
        study.submitUpdate("hospital-a", 1, update(1, 1), 10);
        study.closeRound(fedAvg);

        assertThat(study.round()).isEqualTo(2);
        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(study(2, 1)::markReleased).as("not even started").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void markReleased_lastRoundStartedButNotClosed_refused() {
        Study study = running(2, 1, YES, YES, YES);
        study.submitUpdate("hospital-a", 1, update(1, 1), 10);
        study.closeRound(fedAvg);

        assertThat(study.round()).isEqualTo(2);
        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
    }

    @Test
    void markReleased_singleRoundStillOpen_refused() {
        Study study = running(1, 1, YES, YES, YES);
        study.submitUpdate("hospital-a", 1, update(1, 1), 10);

        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
        assertThat(study.state()).isEqualTo(StudyState.RUNNING);
    }

    @Test
    void markReleased_afterTheLastRoundClosed_released() {
        Study study = running(2, 1, YES, YES, YES);
        study.submitUpdate("hospital-a", 1, update(1, 1), 10);
        assertThat(study.closeRound(fedAvg)).isTrue();
        study.submitUpdate("hospital-a", 2, update(1, 1), 10);
        assertThat(study.closeRound(fedAvg)).isFalse();
        assertThat(study.state()).isEqualTo(StudyState.RUNNING);

        study.markReleased();

        assertThat(study.state()).isEqualTo(StudyState.RELEASED);
        assertThat(study.state().isFinal()).isTrue();
        assertThat(study.status().completedRounds()).isEqualTo(2);
        assertThatThrownBy(study::markReleased).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void roundExpired_followsTheInjectedClock() {
        Study study = running(2, 1, YES, YES, YES);
        Duration deadline = Duration.ofSeconds(120);

        clock.advance(Duration.ofSeconds(120));
        assertThat(study.roundExpired(deadline)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(study.roundExpired(deadline)).isTrue();

        study.submitUpdate("hospital-a", 1, update(1, 1), 10);
        study.closeRound(fedAvg);
        assertThat(study.roundExpired(deadline)).as("round 2 starts its own deadline").isFalse();
        clock.advance(Duration.ofSeconds(121));
        assertThat(study.roundExpired(deadline)).isTrue();
    }

    @Test
    void roundExpired_studyNotRunning_never() {
        Study submitted = study(2, 1);
        clock.advance(Duration.ofDays(1));

        assertThat(submitted.roundExpired(Duration.ofSeconds(1))).isFalse();
        Study failed = running(2, 1, YES, YES, YES);
        failed.fail("operator stopped it");
        clock.advance(Duration.ofDays(1));
        assertThat(failed.roundExpired(Duration.ofSeconds(1))).isFalse();
        assertThat(failed.status().reason()).isEqualTo("operator stopped it");
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
