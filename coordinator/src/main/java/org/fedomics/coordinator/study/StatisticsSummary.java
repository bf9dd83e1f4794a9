package org.fedomics.coordinator.study;

import java.util.List;

/**
 * The study's statistics aggregation before round 1: who contributed, who dropped out, how many
 * records the final block's statistics summed over (all hospitals together), how long it took, the
 * bytes received, the SHA-256 of the consortium standardization it produced, and the features
 * the rounds train on (all candidates, or those the study's selection kept).
 */
public record StatisticsSummary(List<String> contributors, List<String> dropped, long recordsCounted, double seconds,
                                long bytesReceived, String standardizationSha256, List<String> trainedFeatures) {
    public StatisticsSummary {
        contributors = List.copyOf(contributors);
        dropped = List.copyOf(dropped);
        trainedFeatures = List.copyOf(trainedFeatures);
    }
}
