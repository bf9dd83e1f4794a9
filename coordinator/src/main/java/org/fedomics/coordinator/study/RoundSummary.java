package org.fedomics.coordinator.study;

import java.util.List;

/** One finished round: who contributed, who dropped out, how many records were trained on in all. */
public record RoundSummary(int round, List<String> contributors, List<String> dropped, long recordsTrained,
                           double seconds, long bytesReceived, String globalModelSha256) {
    public RoundSummary {
        contributors = List.copyOf(contributors);
        dropped = List.copyOf(dropped);
    }
}
