package org.fedomics.coordinator.study;

import java.util.List;
import org.fedomics.coordinator.fairness.FairnessReport;

/**
 * The study's fairness audit after its last round: who contributed counts, who dropped out, how long
 * it took, the bytes received, and the audit computed from the summed counts.
 */
public record AuditSummary(List<String> contributors, List<String> dropped, double seconds, long bytesReceived,
                           FairnessReport report) {
    public AuditSummary {
        contributors = List.copyOf(contributors);
        dropped = List.copyOf(dropped);
    }
}
