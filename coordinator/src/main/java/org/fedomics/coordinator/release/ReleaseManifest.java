package org.fedomics.coordinator.release;

import java.util.List;
import org.fedomics.coordinator.fairness.FairnessReport;

/**
 * What a signed release states about its model: the study, how the model was trained, its digest,
 * how its parameters are laid out, how its inputs are standardized, and the privacy and
 * aggregation that protected it. {@code standardization} is {@value #CONSORTIUM_STANDARDIZATION}
 * (the model reads features standardized with the consortium's per-block means and standard
 * deviations, released beside it with digest {@code standardizationSha256}) or
 * {@value #SITE_STANDARDIZATION} (each hospital's own statistics, which are not released; the
 * digest is then null). {@code fairness} is the study's fairness audit (null when it declares
 * none): a model that failed it is released with {@code fairness.passed} false.
 */
public record ReleaseManifest(String studyId, String title, String researcher, String purpose, List<String> diseaseIds,
                              int rounds, List<String> hospitals, long recordsTrainedLastRound, String strategy,
                              boolean secureAggregation, String privacyMechanism, Double epsilon, Double delta,
                              String modelSha256, String modelEncoding, int folds, int finalBlock, List<String> labels,
                              int featureCount, String featureListSha256, String standardization, String standardizationSha256,
                              FairnessReport fairness, String softwareVersion, String releasedAt) {
    public static final String CONSORTIUM_STANDARDIZATION = "consortium";
    public static final String SITE_STANDARDIZATION = "per hospital";

    public ReleaseManifest {
        diseaseIds = List.copyOf(diseaseIds);
        hospitals = List.copyOf(hospitals);
        labels = List.copyOf(labels);
    }
}
