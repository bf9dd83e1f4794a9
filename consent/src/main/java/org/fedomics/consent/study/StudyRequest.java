package org.fedomics.consent.study;

import java.util.HashSet;
import java.util.List;

/**
 * What a researcher asks for: a purpose, a cohort, an outcome, a fixed list of candidate features,
 * a plan, optionally a selection that keeps only the candidates most variable across the
 * consortium (absent in JSON: every candidate is trained on), and the fairness audit its model must
 * pass (absent in JSON: none).
 */
public record StudyRequest(String title, DeclaredUse use, List<CohortRule> cohort, Outcome outcome,
                           List<String> features, TrainingPlan plan, FeatureSelection featureSelection,
                           FairnessPlan fairness) {
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
        if (featureSelection != null && featureSelection.mostVariable() >= features.size()) {
            throw new IllegalArgumentException("featureSelection: mostVariable must be fewer than the " + features.size()
                    + " features (omit it to train on all), got " + featureSelection.mostVariable());
        }
        if (featureSelection != null && !plan.usesConsortiumStatistics()) {
            throw new IllegalArgumentException("featureSelection needs the consortium's feature statistics, which a study"
                    + " under record-level differential privacy does not compute");
        }
        if (fairness != null) {
            checkAudit(fairness, outcome, plan);
        }
    }

    /** A study on every listed feature, without a fairness audit. */
    public StudyRequest(String title, DeclaredUse use, List<CohortRule> cohort, Outcome outcome, List<String> features,
                        TrainingPlan plan) {
        this(title, use, cohort, outcome, features, plan, null, null);
    }

    private static void checkAudit(FairnessPlan fairness, Outcome outcome, TrainingPlan plan) {
        if (plan.privacy().mode() != PrivacyPlan.Mode.NONE) {
            // like the consortium statistics: exact counts would be a release the privacy accounting does not cover
            throw new IllegalArgumentException("fairness: a study under a record-level privacy plan cannot declare an audit:"
                    + " its exact per-group counts are outside the privacy accounting");
        }
        for (ProtectedAttribute attribute : fairness.attributes()) {
            if (attribute.column().equals(outcome.column())) {
                throw new IllegalArgumentException("fairness: the outcome column " + outcome.column() + " cannot be a protected attribute");
            }
        }
    }

    /** Whether the study's model must pass a fairness audit after its last round. */
    public boolean audited() {
        return fairness != null;
    }
}
