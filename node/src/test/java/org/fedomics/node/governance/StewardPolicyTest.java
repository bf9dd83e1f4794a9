package org.fedomics.node.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.junit.jupiter.api.Test;

class StewardPolicyTest {

    private static StudyDefinition study(String purpose, boolean commercial, int minRecordsPerNode) {
        return study(purpose, commercial, new TrainingPlan(2, 1, 0.1, 3, 1L, minRecordsPerNode, 1));
    }

    private static StudyDefinition study(String purpose, boolean commercial, TrainingPlan plan) {
        return new StudyDefinition("study-1", "dr-who", new StudyRequest("t",
                new DeclaredUse(purpose, List.of("MONDO:0004967"), commercial, true, false, "inst", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1"), plan));
    }

    /** z = 1.1, q = 0.01, 1 epoch, 2 folds: 200 steps per round; 5 rounds spend epsilon 1.71, 10 rounds more than 2. */
    private static StudyDefinition privateStudy(int rounds, double delta) {
        return study(HMB, false, new TrainingPlan(rounds, 1, 0.1, 2, 1L, 1, 1,
                PrivacyPlan.recordLevel(1.1, 1.0, 0.01, delta, 10)));
    }

    private static final StewardPolicy AT_MOST_EPSILON_2 =
            new StewardPolicy(Set.of(DuoPermission.HMB), false, 10, new PrivacyLimit(2.0, 1e-5));

    private static final String HMB = DuoPermission.HMB.code();
    private static final String GRU = DuoPermission.GRU.code();

    @Test
    void decide_commercialStudy_refusedWhenNotAccepted() {
        StudyDecision d = StewardPolicy.defaults().decide(study(HMB, true, 1), 500);

        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("commercial");
    }

    @Test
    void decide_commercialStudy_approvedWhenAccepted() {
        StewardPolicy policy = new StewardPolicy(Set.of(DuoPermission.HMB), true, 10);

        assertThat(policy.decide(study(HMB, true, 1), 500).approved()).isTrue();
    }

    @Test
    void decide_purposeNotAutoApproved_refusedForAPerson() {
        StudyDecision d = StewardPolicy.defaults().decide(study(GRU, false, 1), 500);

        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("GRU").contains("steward");
    }

    @Test
    void decide_fewerEligibleThanPolicyMinimum_refused() {
        StudyDecision d = StewardPolicy.defaults().decide(study(HMB, false, 1), 9);

        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("9 eligible").contains("at least 10");
    }

    @Test
    void decide_fewerEligibleThanStudyMinimum_refusedWithTheLargerMinimum() {
        StudyDecision d = StewardPolicy.defaults().decide(study(HMB, false, 40), 39);

        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("at least 40");
        assertThat(StewardPolicy.defaults().minRecordsFor(study(HMB, false, 40))).isEqualTo(40);
        assertThat(StewardPolicy.defaults().minRecordsFor(study(HMB, false, 3))).isEqualTo(10);
    }

    @Test
    void decide_allRulesMet_approved() {
        StudyDecision atMinimum = StewardPolicy.defaults().decide(study(HMB, false, 1), 10);
        StudyDecision diseaseSpecific = StewardPolicy.defaults().decide(study(DuoPermission.DS.code(), false, 1), 10);

        assertThat(atMinimum.approved()).isTrue();
        assertThat(atMinimum.reason()).contains("HMB");
        assertThat(diseaseSpecific.approved()).isTrue();
    }

    @Test
    void decide_plannedSpendOverTheHospitalsMaximum_refusedInWords() {
        StudyDefinition study = privateStudy(10, 1e-5);
        double planned = study.request().plan().plannedSpend(10).orElseThrow().epsilon();

        StudyDecision d = AT_MOST_EPSILON_2.decide(study, 500);

        assertThat(planned).isGreaterThan(2.0);
        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("over its 10 rounds the study would spend epsilon " + String.format(java.util.Locale.ROOT, "%.3g", planned))
                .contains("more than this hospital's maximum of 2.0 per study");
    }

    @Test
    void decide_plannedSpendWithinTheMaximum_approvedNamingTheSpend() {
        StudyDecision d = AT_MOST_EPSILON_2.decide(privateStudy(5, 1e-5), 500);

        assertThat(d.approved()).as(d.reason()).isTrue();
        assertThat(d.reason()).contains("record-level differential privacy (epsilon 1.71 at delta 1.0E-5)");
    }

    @Test
    void decide_deltaAboveTheHospitalsMaximum_refused() {
        StudyDecision d = AT_MOST_EPSILON_2.decide(privateStudy(1, 1e-3), 500);

        assertThat(d.approved()).isFalse();
        assertThat(d.reason()).contains("delta of 0.001 is above this hospital's maximum of 1.0E-5");
    }

    @Test
    void decide_studyWithoutPrivacy_refusedByAHospitalWithALimit_acceptedByDefault() {
        StudyDecision limited = AT_MOST_EPSILON_2.decide(study(HMB, false, 1), 500);

        assertThat(limited.approved()).isFalse();
        assertThat(limited.reason()).contains("only in studies with record-level differential privacy").contains("promises none");
        assertThat(StewardPolicy.defaults().decide(study(HMB, false, 1), 500).approved()).isTrue();
        assertThat(StewardPolicy.defaults().decide(privateStudy(10, 1e-5), 500).approved()).isTrue();
    }

    @Test
    void construct_badPrivacyLimit_refused() {
        assertThatThrownBy(() -> new PrivacyLimit(0, 1e-5)).hasMessageContaining("maxEpsilon");
        assertThatThrownBy(() -> new PrivacyLimit(Double.NaN, 1e-5)).hasMessageContaining("maxEpsilon");
        assertThatThrownBy(() -> new PrivacyLimit(1, 0)).hasMessageContaining("maxDelta");
        assertThatThrownBy(() -> new PrivacyLimit(1, 1.5)).hasMessageContaining("maxDelta");
        assertThatThrownBy(() -> new StewardPolicy(Set.of(), false, 1, null)).hasMessageContaining("privacyLimit");
    }

    @Test
    void construct_minRecordsBelowOne_refused() {
        assertThatThrownBy(() -> new StewardPolicy(Set.of(), false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
