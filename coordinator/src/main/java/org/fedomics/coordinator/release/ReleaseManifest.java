package org.fedomics.coordinator.release;

import java.util.List;

/**
 * What a signed release states about its model: the study, how the model was trained, its digest,
 * how its parameters are laid out, and the privacy and aggregation that protected it.
 */
public record ReleaseManifest(String studyId, String title, String researcher, String purpose, List<String> diseaseIds,
                              int rounds, List<String> hospitals, long recordsTrainedLastRound, String strategy,
                              boolean secureAggregation, String privacyMechanism, Double epsilon, Double delta,
                              String modelSha256, String modelEncoding, int folds, int finalBlock, List<String> labels,
                              int featureCount, String featureListSha256, String softwareVersion, String releasedAt) {
    public ReleaseManifest {
        diseaseIds = List.copyOf(diseaseIds);
        hospitals = List.copyOf(hospitals);
        labels = List.copyOf(labels);
    }
}
