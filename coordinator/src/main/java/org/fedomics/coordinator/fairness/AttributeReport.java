package org.fedomics.coordinator.fairness;

import java.util.List;

/** A protected attribute's groups in a fairness audit, its unknown group last, and the gaps between them. */
public record AttributeReport(String column, List<GroupReport> groups, Gaps gaps) {
    public AttributeReport {
        groups = List.copyOf(groups);
    }
}
