package org.fedomics.deploy.demo;

import java.io.IOException;
import java.util.List;
import org.fedomics.consent.study.CohortRule;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;

/**
 * The demo's study, task T2: BCR/ABL against NEG among B-cell ALL samples, disease-specific research
 * on acute lymphoblastic leukemia, on all 12,625 probe sets.
 */
public final class DemoStudy {
    public static final String TASK = "T2: BCR/ABL vs NEG in B-cell ALL";
    public static final String ACUTE_LYMPHOBLASTIC_LEUKEMIA = "MONDO:0004967";
    public static final String LEUKEMIA = "MONDO:0005059";
    public static final String BREAST_CANCER = "MONDO:0007254";

    private DemoStudy() {
    }

    public static StudyRequest request(int rounds, int localEpochs, double learningRate) throws IOException {
        DeclaredUse use = new DeclaredUse("DUO:0000007", List.of(ACUTE_LYMPHOBLASTIC_LEUKEMIA), false, true, false,
                "fedomics demo consortium", "all-t2");
        TrainingPlan plan = new TrainingPlan(rounds, localEpochs, learningRate, 3, 2026, 5, 2);
        return new StudyRequest(TASK, use,
                List.of(new CohortRule("BT", CohortRule.Match.STARTS_WITH, List.of("B"))),
                new Outcome("mol.biol", "NEG", "BCR/ABL"), BundledData.probeSets(), plan);
    }
}
