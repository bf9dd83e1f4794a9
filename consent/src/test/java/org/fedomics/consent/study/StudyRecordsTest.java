package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.web.StrictJson;
import org.junit.jupiter.api.Test;

/** The study protocol's records: each refuses what a study cannot mean, naming the field. */
class StudyRecordsTest {
    private static final DeclaredUse USE = new DeclaredUse("DUO:0000007", List.of("MONDO:0004967"), false, true, true, "Test University", null);
    private static final Outcome OUTCOME = new Outcome("relapse", "no", "yes");
    private static final TrainingPlan PLAN = new TrainingPlan(5, 1, 0.1, 3, 42, 10, 2);

    @Test
    void declaredUse_unknownPurpose_isRefusedNamingTheCode() {
        assertThatThrownBy(() -> new DeclaredUse("DUO:0000099", List.of(), false, false, false, "U", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DUO:0000099");
    }

    @Test
    void declaredUse_forStudy_carriesEveryTerm() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");

        var use = new DeclaredUse("DUO:0000007", List.of("MONDO:0004967"), true, true, false, "Test University", "proj-1")
                .forStudy("study-1", start);

        assertThat(use.studyId()).isEqualTo("study-1");
        assertThat(use.purpose()).isEqualTo(DuoPermission.DS);
        assertThat(use.diseaseIds()).containsExactly("MONDO:0004967");
        assertThat(use.commercial()).isTrue();
        assertThat(use.ethicsApproved()).isTrue();
        assertThat(use.methodsDevelopment()).isFalse();
        assertThat(use.institution()).isEqualTo("Test University");
        assertThat(use.projectId()).isEqualTo("proj-1");
        assertThat(use.startsAt()).isEqualTo(start);
    }

    @Test
    void declaredUse_forStudyWithoutInstitution_isRefusedNamingIt() {
        DeclaredUse use = new DeclaredUse("DUO:0000042", null, false, false, false, "", null);

        assertThatThrownBy(() -> use.forStudy("study-1", Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("institution");
    }

    @Test
    void studyDefinition_idMustBeLowercaseWordsOf3To64() {
        StudyRequest request = request(List.of("g1"));
        assertThat(new StudyDefinition("all-relapse-2", "alice", request).id()).isEqualTo("all-relapse-2");
        for (String id : new String[] {null, "ab", "-abc", "ABC", "a_bc", "a".repeat(65), "abc/../x"}) {
            assertThatThrownBy(() -> new StudyDefinition(id, "alice", request)).as("%s", id).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("study id");
        }
        assertThatThrownBy(() -> new StudyDefinition("abc", " ", request)).hasMessageContaining("researcher");
        assertThatThrownBy(() -> new StudyDefinition("abc", "alice", null)).hasMessageContaining("request");
    }

    @Test
    void studyRequest_featuresMustBeANonEmptyListWithoutDuplicates() {
        assertThatThrownBy(() -> request(List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> request(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> request(List.of("g1", "g2", "g1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicates");
        assertThat(request(List.of("g2", "g1")).features()).containsExactly("g2", "g1");
    }

    @Test
    void studyRequest_titleAndRequiredParts_areChecked() {
        assertThatThrownBy(() -> new StudyRequest(" ", USE, null, OUTCOME, List.of("g"), PLAN)).hasMessageContaining("title");
        assertThatThrownBy(() -> new StudyRequest("t".repeat(201), USE, null, OUTCOME, List.of("g"), PLAN)).hasMessageContaining("title");
        assertThatThrownBy(() -> new StudyRequest("t", null, null, OUTCOME, List.of("g"), PLAN)).hasMessageContaining("use");
        assertThat(new StudyRequest("t", USE, null, OUTCOME, List.of("g"), PLAN).cohort()).isEmpty();
    }

    @Test
    void trainingPlan_outOfRangeValues_areRefusedNamingTheField() {
        assertThatThrownBy(() -> new TrainingPlan(0, 1, 0.1, 3, 1, 1, 1)).hasMessageContaining("rounds");
        assertThatThrownBy(() -> new TrainingPlan(1001, 1, 0.1, 3, 1, 1, 1)).hasMessageContaining("rounds");
        assertThatThrownBy(() -> new TrainingPlan(1, 0, 0.1, 3, 1, 1, 1)).hasMessageContaining("localEpochs");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, 0, 3, 1, 1, 1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, Double.NaN, 3, 1, 1, 1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, 10.5, 3, 1, 1, 1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, 0.1, 1, 1, 1, 1)).hasMessageContaining("folds");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, 0.1, 11, 1, 1, 1)).hasMessageContaining("folds");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, 0.1, 3, 1, 0, 1)).hasMessageContaining("minRecordsPerNode");
        assertThatThrownBy(() -> new TrainingPlan(1, 1, 0.1, 3, 1, 1, 0)).hasMessageContaining("minNodes");
    }

    @Test
    void trainingPlan_hasOneBlockPerFoldThenTheFinalModel() {
        assertThat(PLAN.blocks()).isEqualTo(4);
        assertThat(PLAN.finalBlock()).isEqualTo(3);
    }

    @Test
    void cohortRule_admitsByItsMatchAndNeverAMissingValue() {
        var equals = new CohortRule("diagnosis", CohortRule.Match.EQUALS, List.of("ALL"));
        var prefix = new CohortRule("diagnosis", CohortRule.Match.STARTS_WITH, List.of("C91"));
        var oneOf = new CohortRule("sex", CohortRule.Match.ONE_OF, List.of("F", "M"));

        assertThat(equals.admits(Optional.of("ALL"))).isTrue();
        assertThat(equals.admits(Optional.of("ALL "))).isFalse();
        assertThat(prefix.admits(Optional.of("C91.0"))).isTrue();
        assertThat(prefix.admits(Optional.of("C92"))).isFalse();
        assertThat(oneOf.admits(Optional.of("F"))).isTrue();
        assertThat(oneOf.admits(Optional.of("X"))).isFalse();
        assertThat(equals.admits(Optional.empty())).isFalse();
    }

    @Test
    void cohortRule_wrongNumberOfValues_isRefused() {
        assertThatThrownBy(() -> new CohortRule("d", CohortRule.Match.EQUALS, List.of("a", "b"))).hasMessageContaining("exactly one value");
        assertThatThrownBy(() -> new CohortRule("d", CohortRule.Match.ONE_OF, List.of())).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> new CohortRule(" ", CohortRule.Match.EQUALS, List.of("a"))).hasMessageContaining("column");
        assertThatThrownBy(() -> new CohortRule("d", null, List.of("a"))).hasMessageContaining("match");
    }

    @Test
    void outcome_needsAColumnAndTwoDifferentLabels_negativeFirst() {
        assertThat(OUTCOME.labels()).containsExactly("no", "yes");
        assertThatThrownBy(() -> new Outcome("relapse", "yes", "yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(" ", "no", "yes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome("relapse", null, "yes")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void studyDecision_needsAReasonOfAtMost500Characters() {
        assertThat(new StudyDecision(true, "approved by the steward").approved()).isTrue();
        assertThatThrownBy(() -> new StudyDecision(false, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StudyDecision(false, "x".repeat(501))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeTask_factories_setKindRoundAndStep() {
        StudyDefinition study = new StudyDefinition("all-relapse", "alice", request(List.of("g1")));
        SecAggStep advertise = SecAggStep.advertise(SecureRoundPlan.config(study, 3, List.of("hospital-a", "hospital-b")));
        SecAggStep unmask = new SecAggStep(SecAggStep.Stage.UNMASK, advertise.config(), List.of(), List.of("hospital-b"));

        SecAggStep statistics = SecAggStep.advertise(SecureRoundPlan.statisticsConfig(study, List.of("hospital-a", "hospital-b")));

        assertThat(NodeTask.decide(study)).isEqualTo(new NodeTask(NodeTask.Kind.DECIDE, "all-relapse", 0, study, null));
        assertThat(NodeTask.statistics(study, statistics))
                .isEqualTo(new NodeTask(NodeTask.Kind.STATISTICS, "all-relapse", NodeTask.STATISTICS_ROUND, study, statistics));
        assertThat(NodeTask.STATISTICS_ROUND).isZero();
        assertThat(NodeTask.round(study, 3, advertise)).isEqualTo(new NodeTask(NodeTask.Kind.ROUND, "all-relapse", 3, study, advertise));
        assertThat(NodeTask.secagg(study, 3, unmask)).isEqualTo(new NodeTask(NodeTask.Kind.SECAGG, "all-relapse", 3, study, unmask));
        assertThat(NodeTask.ended(study)).isEqualTo(new NodeTask(NodeTask.Kind.ENDED, "all-relapse", 0, study, null));
    }

    @Test
    void studyRequest_withAFairnessAudit_roundTripsThroughStrictJson() {
        FairnessPlan fairness = new FairnessPlan(List.of(FairnessPlanTest.SEX, FairnessPlanTest.AGE), 0.2,
                List.of(FairnessPlan.Criterion.EQUAL_OPPORTUNITY), 40);
        StudyRequest audited = new StudyRequest("ALL relapse", USE, List.of(), OUTCOME, List.of("g1"), PLAN, null, fairness);

        StudyRequest read = StrictJson.readTrusted(StrictJson.write(audited), StudyRequest.class);

        assertThat(read).isEqualTo(audited);
        assertThat(read.audited()).isTrue();
        assertThat(read.fairness().attributes().get(1).bandEdges()).containsExactly(30.0, 45.0);
    }

    @Test
    void studyRequest_jsonWithoutFairness_hasNoAudit_andDefaultsFillAnAuditsOptionalFields() {
        String plain = new String(StrictJson.write(request(List.of("g1"))), java.nio.charset.StandardCharsets.UTF_8)
                .replace(",\"fairness\":null", "");
        assertThat(plain).doesNotContain("fairness");
        String minimal = plain.substring(0, plain.length() - 1)
                + ",\"fairness\":{\"attributes\":[{\"column\":\"sex\",\"groups\":[\"M\",\"F\"],\"unknownGroup\":\"unknown\"}],\"maxGap\":0.2}}";

        assertThat(StrictJson.readTrusted(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8), StudyRequest.class).audited())
                .isFalse();
        FairnessPlan read = StrictJson.readTrusted(minimal.getBytes(java.nio.charset.StandardCharsets.UTF_8), StudyRequest.class)
                .fairness();
        assertThat(read.criteria()).containsExactly(FairnessPlan.Criterion.values());
        assertThat(read.scoreBins()).isEqualTo(FairnessPlan.DEFAULT_SCORE_BINS);
        assertThat(read.attributes().get(0).bandEdges()).isEmpty();
    }

    @Test
    void studyRequest_invalidAuditInJson_badRequestNamingTheProblem() {
        String plain = new String(StrictJson.write(request(List.of("g1"))), java.nio.charset.StandardCharsets.UTF_8)
                .replace(",\"fairness\":null", "");
        String noUnknown = plain.substring(0, plain.length() - 1)
                + ",\"fairness\":{\"attributes\":[{\"column\":\"sex\",\"groups\":[\"M\",\"F\"]}],\"maxGap\":0.2}}";
        String typo = plain.substring(0, plain.length() - 1)
                + ",\"fairness\":{\"attributes\":[{\"column\":\"sex\",\"groups\":[\"M\"],\"unknownGroup\":\"u\"}],\"maxGap\":0.2,\"threshold\":0.5}}";

        assertThat(StrictJson.read(noUnknown.getBytes(java.nio.charset.StandardCharsets.UTF_8), StudyRequest.class))
                .isInstanceOfSatisfying(org.fedomics.consent.web.ServiceResult.Failure.class,
                        f -> assertThat(f.message()).contains("unknownGroup"));
        assertThat(StrictJson.read(typo.getBytes(java.nio.charset.StandardCharsets.UTF_8), StudyRequest.class))
                .isInstanceOfSatisfying(org.fedomics.consent.web.ServiceResult.Failure.class,
                        f -> assertThat(f.message()).contains("unknown field 'threshold'"));
    }

    @Test
    void studyRequest_auditWithRecordLevelPrivacyOrOverTheOutcome_refused() {
        FairnessPlan bySex = new FairnessPlan(List.of(FairnessPlanTest.SEX), 0.2);
        TrainingPlan private_ = new TrainingPlan(5, 1, 0.1, 3, 42, 10, 2, PrivacyPlan.recordLevel(1.1, 1.0, 0.5, 1e-5, 100));
        FairnessPlan byOutcome = new FairnessPlan(List.of(ProtectedAttribute.categories("relapse", List.of("no"), "other")), 0.2);

        assertThatThrownBy(() -> new StudyRequest("t", USE, List.of(), OUTCOME, List.of("g1"), private_, null, bySex))
                .hasMessageContaining("record-level privacy plan cannot declare an audit");
        assertThatThrownBy(() -> new StudyRequest("t", USE, List.of(), OUTCOME, List.of("g1"), PLAN, null, byOutcome))
                .hasMessageContaining("outcome column relapse cannot be a protected attribute");
    }

    @Test
    void nodeTask_audit_isItsOwnKindAfterEveryRoundAPlanCanHave() {
        FairnessPlan fairness = new FairnessPlan(List.of(FairnessPlanTest.SEX), 0.2);
        StudyDefinition study = new StudyDefinition("all-relapse", "alice",
                new StudyRequest("t", USE, List.of(), OUTCOME, List.of("g1"), PLAN, null, fairness));
        SecAggStep advertise = SecAggStep.advertise(SecureRoundPlan.auditConfig(study, List.of("hospital-a", "hospital-b")));

        assertThat(NodeTask.audit(study, advertise))
                .isEqualTo(new NodeTask(NodeTask.Kind.AUDIT, "all-relapse", NodeTask.AUDIT_ROUND, study, advertise));
        assertThat(NodeTask.AUDIT_ROUND).isEqualTo(TrainingPlan.MAX_ROUNDS + 1);
    }

    private static StudyRequest request(List<String> features) {
        return new StudyRequest("ALL relapse", USE, List.of(), OUTCOME, features, PLAN);
    }
}
