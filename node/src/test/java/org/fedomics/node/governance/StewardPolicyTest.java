package org.fedomics.node.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.junit.jupiter.api.Test;

class StewardPolicyTest {

    private static StudyDefinition study(String purpose, boolean commercial, int minRecordsPerNode) {
        return new StudyDefinition("study-1", "dr-who", new StudyRequest("t",
                new DeclaredUse(purpose, List.of("MONDO:0004967"), commercial, true, false, "inst", "p"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1"),
                new TrainingPlan(2, 1, 0.1, 3, 1L, minRecordsPerNode, 1)));
    }

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
    void construct_minRecordsBelowOne_refused() {
        assertThatThrownBy(() -> new StewardPolicy(Set.of(), false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
