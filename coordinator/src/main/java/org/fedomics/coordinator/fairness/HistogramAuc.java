package org.fedomics.coordinator.fairness;

/**
 * The area under the ROC curve from two score histograms over the same bins (negatives' and
 * positives'): the share of (positive, negative) pairs the scores rank correctly, a pair within one
 * bin counting half, as a tie. It equals the pairwise AUC of the bins' scores exactly and differs
 * from the AUC of the unbinned scores by at most half the share of pairs that share a bin.
 */
public final class HistogramAuc {
    private HistogramAuc() {
    }

    /** NaN when either histogram is empty. */
    public static double of(long[] negatives, long[] positives) {
        if (negatives.length != positives.length) {
            throw new IllegalArgumentException("histograms of " + negatives.length + " and " + positives.length + " bins");
        }
        long positivesAbove = 0;
        for (long n : positives) {
            positivesAbove += n;
        }
        long totalPositives = positivesAbove;
        long totalNegatives = 0;
        double correct = 0;
        for (int bin = 0; bin < negatives.length; bin++) {
            positivesAbove -= positives[bin];
            correct += negatives[bin] * (positivesAbove + 0.5 * positives[bin]);
            totalNegatives += negatives[bin];
        }
        if (totalPositives == 0 || totalNegatives == 0) {
            return Double.NaN;
        }
        return correct / ((double) totalPositives * totalNegatives);
    }
}
