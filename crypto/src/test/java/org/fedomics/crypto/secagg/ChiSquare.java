package org.fedomics.crypto.secagg;

/**
 * The two-sample chi-square test of homogeneity on binned counts: large values mean the two
 * samples come from different distributions.
 */
final class ChiSquare {

    private ChiSquare() {
    }

    /** The statistic: sum over bins of (a_i - e_a)^2 / e_a + (b_i - e_b)^2 / e_b, with df = bins - 1. */
    static double twoSample(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("bin counts differ");
        }
        double totalA = 0;
        double totalB = 0;
        for (int i = 0; i < a.length; i++) {
            totalA += a[i];
            totalB += b[i];
        }
        double total = totalA + totalB;
        double statistic = 0;
        for (int i = 0; i < a.length; i++) {
            double bin = a[i] + b[i];
            if (bin == 0) {
                continue;
            }
            double expectedA = bin * totalA / total;
            double expectedB = bin * totalB / total;
            statistic += (a[i] - expectedA) * (a[i] - expectedA) / expectedA + (b[i] - expectedB) * (b[i] - expectedB) / expectedB;
        }
        return statistic;
    }

    /**
     * The critical value at significance 0.001 for {@code df} degrees of freedom (Wilson-Hilferty
     * approximation, within 1% of the tables for df >= 3).
     */
    static double critical(int df) {
        double z = 3.090232; // standard normal quantile at 0.999
        double h = 2.0 / (9.0 * df);
        double cube = 1 - h + z * Math.sqrt(h);
        return df * cube * cube * cube;
    }
}
