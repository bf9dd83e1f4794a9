package org.fedomics.node.training;

import java.util.List;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;

/** Small study requests for the training tests. */
final class Studies {
    static final String NEGATIVE = "no";
    static final String POSITIVE = "yes";

    private Studies() {
    }

    static StudyRequest request(List<String> features, int folds, long seed) {
        return request(features, new TrainingPlan(3, 2, 0.5, folds, seed, 1, 1));
    }

    /** The same study with record-level DP-SGD: z = 1, C = 1, q = 0.5 (2 epochs: 4 steps per block). */
    static StudyRequest privateRequest(List<String> features, int folds, long seed) {
        return request(features, new TrainingPlan(3, 2, 0.5, folds, seed, 1, 1,
                PrivacyPlan.recordLevel(1.0, 1.0, 0.5, 1e-5, 100)));
    }

    private static StudyRequest request(List<String> features, TrainingPlan plan) {
        return new StudyRequest("relapse from expression",
                new DeclaredUse("DUO:0000006", List.of(), false, true, false, "test institute", "p-1"),
                List.of(), new Outcome("relapse", NEGATIVE, POSITIVE), features, plan);
    }
}
