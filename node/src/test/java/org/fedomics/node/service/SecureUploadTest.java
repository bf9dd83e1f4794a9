package org.fedomics.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecureRoundPlan;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.junit.jupiter.api.Test;

/** The node joins only the secure aggregation its study implies, for the statistics as for rounds. */
class SecureUploadTest {
    private static final List<String> ROSTER = List.of("hospital-a", "hospital-b", "hospital-c");
    private static final Credential HOSPITAL_A = ConsortiumCa.create("test", Clock.systemUTC())
            .issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
    private final SecureRandom random = new SecureRandom();
    private final StudyDefinition study = study("study-1", 2);
    // 2 folds: 3 blocks of 2 features
    private final FeatureStatistics statistics = new FeatureStatistics(3, 2, new long[] {2, 3, 5},
            new double[] {1, 2, 3, 4, 5, 6}, new double[] {1, 4, 9, 16, 25, 36});
    private final ParameterBlocks update = new ParameterBlocks(3, 2, 3, new long[] {2, 3, 5}, new double[18]);

    private static StudyDefinition study(String id, int minNodes) {
        return new StudyDefinition(id, "dr-who", new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false,
                "inst", "p-1"), List.of(), new Outcome("relapse", "no", "yes"), List.of("g1", "g2"),
                new TrainingPlan(3, 1, 0.1, 2, 1L, 1, minNodes)));
    }

    private static SecAggStep offer(SecAggConfig config) {
        return SecAggStep.advertise(config);
    }

    @Test
    void forStatistics_theSessionTheStudyImplies_joinsAndAdvertisesKeys() {
        SecAggStep opening = offer(SecureRoundPlan.statisticsConfig(study, ROSTER));

        SecureUpload upload = SecureUpload.forStatistics(study, opening, HOSPITAL_A, statistics, random);

        assertThat(upload.isFor("study-1", NodeTask.STATISTICS_ROUND)).isTrue();
        assertThat(upload.isFor("study-1", 1)).isFalse();
        assertThat(upload.answer(opening)).isNotEmpty();
        assertThat(upload.bytesSent()).isPositive();
    }

    @Test
    void forStatistics_sessionOfAnotherStudy_refused() {
        SecAggStep other = offer(SecureRoundPlan.statisticsConfig(study("study-2", 2), ROSTER));

        assertThatThrownBy(() -> SecureUpload.forStatistics(study, other, HOSPITAL_A, statistics, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("study study-1 statistics differs");
    }

    @Test
    void forStatistics_aRoundsSessionOffered_refused() {
        SecAggStep round = offer(SecureRoundPlan.config(study, 1, ROSTER));

        assertThatThrownBy(() -> SecureUpload.forStatistics(study, round, HOSPITAL_A, statistics, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differs from what the study implies");
    }

    @Test
    void forStatistics_sessionWithTheStudysLabelButOtherParameters_refused() {
        SecAggConfig implied = SecureRoundPlan.statisticsConfig(study, ROSTER);
        List<SecAggConfig> altered = List.of(
                new SecAggConfig(implied.sessionLabel(), implied.roster(), 3, implied.vectorLength(), implied.modulusBits()),
                new SecAggConfig(implied.sessionLabel(), implied.roster(), 2, implied.vectorLength() + 1, implied.modulusBits()),
                new SecAggConfig(implied.sessionLabel(), implied.roster(), 2, implied.vectorLength(), 48),
                new SecAggConfig("study-1/round-0/model", implied.roster(), 2, implied.vectorLength(), implied.modulusBits()));

        for (SecAggConfig config : altered) {
            assertThatThrownBy(() -> SecureUpload.forStatistics(study, offer(config), HOSPITAL_A, statistics, random))
                    .as(config.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differs");
        }
    }

    @Test
    void forStatistics_rosterWithoutThisNode_refused() {
        SecAggStep others = offer(SecureRoundPlan.statisticsConfig(study, List.of("hospital-b", "hospital-c")));

        assertThatThrownBy(() -> SecureUpload.forStatistics(study, others, HOSPITAL_A, statistics, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not list this node (hospital-a)");
    }

    @Test
    void forRound_theStatisticsSessionOffered_refused() {
        SecAggStep statisticsSession = offer(SecureRoundPlan.statisticsConfig(study, ROSTER));

        assertThatThrownBy(() -> SecureUpload.forRound(study, 1, statisticsSession, HOSPITAL_A, update, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("study study-1 round 1 differs");
        assertThat(SecureUpload.forRound(study, 1, offer(SecureRoundPlan.config(study, 1, ROSTER)), HOSPITAL_A, update, random)
                .isFor("study-1", 1)).isTrue();
    }

    private static StudyDefinition audited() {
        StudyDefinition plain = study("study-1", 2);
        var r = plain.request();
        return new StudyDefinition("study-1", "dr-who", new StudyRequest(r.title(), r.use(), r.cohort(), r.outcome(), r.features(),
                r.plan(), null, new org.fedomics.consent.study.FairnessPlan(List.of(
                        org.fedomics.consent.study.ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown")), 0.2)));
    }

    @Test
    void forAudit_theSessionTheStudyImplies_joins_anyOtherRefused() {
        StudyDefinition audited = audited();
        var counts = new org.fedomics.consent.study.FairnessCounts(audited.request().fairness(),
                new long[audited.request().fairness().cells()]);
        SecAggStep opening = offer(SecureRoundPlan.auditConfig(audited, ROSTER));

        SecureUpload upload = SecureUpload.forAudit(audited, opening, HOSPITAL_A, counts, random);

        assertThat(upload.isFor("study-1", NodeTask.AUDIT_ROUND)).isTrue();
        assertThat(upload.answer(opening)).isNotEmpty();
        assertThatThrownBy(() -> SecureUpload.forAudit(audited, offer(SecureRoundPlan.statisticsConfig(audited, ROSTER)), HOSPITAL_A,
                counts, random)).hasMessageContaining("study study-1 fairness audit differs");
        SecAggConfig implied = SecureRoundPlan.auditConfig(audited, ROSTER);
        assertThatThrownBy(() -> SecureUpload.forAudit(audited, offer(new SecAggConfig(implied.sessionLabel(), implied.roster(), 2,
                implied.vectorLength(), 62)), HOSPITAL_A, counts, random)).hasMessageContaining("differs");
        assertThatThrownBy(() -> SecureUpload.forAudit(audited, offer(SecureRoundPlan.auditConfig(audited, List.of("hospital-b", "hospital-c"))),
                HOSPITAL_A, counts, random)).hasMessageContaining("does not list this node");
    }
}
