package org.fedomics.node.training;

import java.util.List;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;

/** Small study requests for the training tests. */
final class Studies {
    static final String NEGATIVE = "no";
    static final String POSITIVE = "yes";

    private Studies() {
    }

    static StudyRequest request(List<String> features, int folds, long seed) {
        return new StudyRequest("relapse from expression",
                new DeclaredUse("DUO:0000006", List.of(), false, true, false, "test institute", "p-1"),
                List.of(), new Outcome("relapse", NEGATIVE, POSITIVE), features,
                new TrainingPlan(3, 2, 0.5, folds, seed, 1, 1));
    }
}
