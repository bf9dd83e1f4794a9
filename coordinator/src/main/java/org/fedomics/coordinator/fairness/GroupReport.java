package org.fedomics.coordinator.fairness;

/**
 * One group's line in a fairness audit: its records, positives and negatives (withheld where small,
 * see {@link PublishedCount}), and, at the decision threshold 0.5, its selection rate (share
 * predicted positive), accuracy, true and false positive rates, and its AUC. A metric is null where
 * the group has too few records for it (fewer than the audit's minimum in its denominator), as
 * {@code note} says.
 */
public record GroupReport(String group, PublishedCount records, PublishedCount positives, PublishedCount negatives,
                          Double selectionRate, Double accuracy, Double truePositiveRate, Double falsePositiveRate, Double auc,
                          String note) {
}
