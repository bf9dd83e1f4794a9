package org.fedomics.node.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.junit.jupiter.api.Test;

/** The node trains only approved studies as approved, only planned rounds, each once. */
class RoundAdmissionTest {
    private final RoundAdmission admission = new RoundAdmission();

    private static StudyDefinition study(PrivacyPlan privacy) {
        return new StudyDefinition("study-1", "dr-who", new StudyRequest("t",
                new DeclaredUse("DUO:0000006", List.of(), false, true, false, "inst", "p-1"), List.of(),
                new Outcome("relapse", "no", "yes"), List.of("g1"), new TrainingPlan(3, 1, 0.1, 2, 1L, 1, 2, privacy)));
    }

    @Test
    void admit_approvedStudy_eachPlannedRoundOnce() {
        StudyDefinition study = study(PrivacyPlan.recordLevel(4, 1, 0.5, 1e-3, 100));
        admission.approve(study);

        assertThat(admission.admit(study, 1)).isEmpty();
        assertThat(admission.admit(study, 2)).isEmpty();
        assertThat(admission.admit(study, 1)).hasValueSatisfying(r -> assertThat(r).contains("already trained")
                .contains("spend privacy twice"));
        assertThat(admission.admit(study, 3)).isEmpty();
    }

    @Test
    void admit_studyNeverApproved_refused() {
        assertThat(admission.admit(study(PrivacyPlan.none()), 1)).hasValueSatisfying(r -> assertThat(r).contains("not approved"));
    }

    @Test
    void admit_sameIdButAnotherPrivacyPlanThanApproved_refused() {
        admission.approve(study(PrivacyPlan.recordLevel(4, 1, 0.5, 1e-3, 100)));

        assertThat(admission.admit(study(PrivacyPlan.recordLevel(0.5, 1, 0.5, 1e-3, 1000)), 1))
                .hasValueSatisfying(r -> assertThat(r).contains("not approved by this hospital in this form"));
        assertThat(admission.admit(study(PrivacyPlan.none()), 1)).isPresent();
    }

    @Test
    void admit_roundOutsideThePlan_refused() {
        StudyDefinition study = study(PrivacyPlan.none());
        admission.approve(study);

        assertThat(admission.admit(study, 0)).hasValueSatisfying(r -> assertThat(r).contains("plans 3 rounds"));
        assertThat(admission.admit(study, 4)).isPresent();
    }

    @Test
    void admitStatistics_approvedStudyWithoutPrivacyPlan_once() {
        StudyDefinition study = study(PrivacyPlan.none());
        admission.approve(study);

        assertThat(admission.admitStatistics(study)).isEmpty();
        assertThat(admission.admitStatistics(study)).hasValueSatisfying(r -> assertThat(r).contains("already summed"));
        assertThat(admission.admit(study, 1)).as("round 1 is admitted on its own").isEmpty();
    }

    @Test
    void admitStatistics_studyNotApprovedInThisForm_refused() {
        admission.approve(study(PrivacyPlan.recordLevel(4, 1, 0.5, 1e-3, 100)));

        assertThat(admission.admitStatistics(study(PrivacyPlan.none())))
                .hasValueSatisfying(r -> assertThat(r).contains("not approved by this hospital in this form"));
    }

    @Test
    void admitStatistics_recordLevelStudy_refusedSinceItStandardizesAtEachHospital() {
        StudyDefinition study = study(PrivacyPlan.recordLevel(4, 1, 0.5, 1e-3, 100));
        admission.approve(study);

        assertThat(admission.admitStatistics(study)).hasValueSatisfying(r -> assertThat(r).contains("standardizes at each hospital"));
    }

    @Test
    void admitAudit_onlyAnApprovedStudyThatDeclaresOne_once() {
        StudyDefinition plain = study(PrivacyPlan.none());
        var r = plain.request();
        StudyDefinition audited = new StudyDefinition("study-1", "dr-who", new StudyRequest(r.title(), r.use(), r.cohort(), r.outcome(),
                r.features(), r.plan(), null, new org.fedomics.consent.study.FairnessPlan(List.of(
                        org.fedomics.consent.study.ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown")), 0.2)));

        assertThat(admission.admitAudit(audited)).hasValueSatisfying(reason -> assertThat(reason).contains("not approved"));
        admission.approve(plain);
        assertThat(admission.admitAudit(plain)).hasValueSatisfying(reason -> assertThat(reason).contains("declares no fairness audit"));
        assertThat(admission.admitAudit(audited)).as("approved without the audit").hasValueSatisfying(
                reason -> assertThat(reason).contains("not approved"));
        admission.approve(audited);
        assertThat(admission.admitAudit(audited)).isEmpty();
        assertThat(admission.admitAudit(audited)).hasValueSatisfying(reason -> assertThat(reason).contains("counted once per study"));
    }
}
