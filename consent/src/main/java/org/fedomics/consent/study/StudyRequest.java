package org.fedomics.consent.study;

import java.util.HashSet;
import java.util.List;

/** What a researcher asks for: a purpose, a cohort, an outcome, a fixed feature list and a plan. */
public record StudyRequest(String title, DeclaredUse use, List<CohortRule> cohort, Outcome outcome,
                           List<String> features, TrainingPlan plan) {
    public StudyRequest {
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title is required (at most 200 characters)");
        }
        if (use == null || outcome == null || plan == null) {
            throw new IllegalArgumentException("use, outcome and plan are required");
        }
        cohort = cohort == null ? List.of() : List.copyOf(cohort);
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("features: a study fixes its ordered feature list before round 1");
        }
        features = List.copyOf(features);
        if (new HashSet<>(features).size() != features.size()) {
            throw new IllegalArgumentException("features: the list has duplicates");
        }
    }
}
