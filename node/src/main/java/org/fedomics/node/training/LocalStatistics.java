package org.fedomics.node.training;

import java.util.List;
import java.util.Optional;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.FeatureStatisticsEncoding;

/**
 * This hospital's feature statistics for a study: per parameter block (each cross-fitting fold's
 * model leaves out that fold's records, the final model uses all), the number of permitted records
 * and per feature the sum of their values and of their squares. They leave the node only masked,
 * inside the secure sum from which the consortium's standardization follows.
 */
public final class LocalStatistics {
    private LocalStatistics() {
    }

    /**
     * @param features the study's feature names, in the order {@code rows} reads them (for errors)
     * @throws IllegalArgumentException naming the feature, if a value lies beyond
     *     +-{@link FeatureStatisticsEncoding#VALUE_LIMIT}
     */
    public static FeatureStatistics of(FeatureAlignment rows, List<CohortMember> permitted, int folds, List<String> features) {
        int blocks = folds + 1;
        int d = features.size();
        long[] counts = new long[blocks];
        double[] sums = new double[blocks * d];
        double[] squares = new double[blocks * d];
        for (int b = 0; b < blocks; b++) {
            List<CohortMember> members = BlockTraining.membersOf(permitted, b, folds);
            counts[b] = members.size();
            for (CohortMember member : members) {
                double[] row = rows.row(member.sampleId());
                for (int j = 0; j < d; j++) {
                    double value = row[j];
                    if (!(Math.abs(value) <= FeatureStatisticsEncoding.VALUE_LIMIT)) {
                        throw new IllegalArgumentException(beyondLimit(features.get(j)));
                    }
                    sums[b * d + j] += value;
                    squares[b * d + j] += value * value;
                }
            }
        }
        return new FeatureStatistics(blocks, d, counts, sums, squares);
    }

    /** Why these members' values cannot be summed, naming the first feature beyond the limit; empty when they can. */
    public static Optional<String> outOfRange(FeatureAlignment rows, List<CohortMember> members, List<String> features) {
        for (CohortMember member : members) {
            double[] row = rows.row(member.sampleId());
            for (int j = 0; j < row.length; j++) {
                if (!(Math.abs(row[j]) <= FeatureStatisticsEncoding.VALUE_LIMIT)) {
                    return Optional.of(beyondLimit(features.get(j)));
                }
            }
        }
        return Optional.empty();
    }

    private static String beyondLimit(String feature) {
        return "feature " + feature + " has values beyond +-" + (long) FeatureStatisticsEncoding.VALUE_LIMIT
                + ", more than the consortium's statistics can sum (import expression on a log scale)";
    }
}
