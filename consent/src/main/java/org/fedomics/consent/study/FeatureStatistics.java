package org.fedomics.consent.study;

/**
 * Per parameter block: how many records, and per feature the sum of their values and the sum of
 * their squares. Either one node's own statistics, which leave it only masked inside a secure sum,
 * or the consortium's sum of them, which is all the coordinator learns. The arrays are block-major:
 * block b's feature j is at {@code b x features + j}.
 */
public record FeatureStatistics(int blocks, int features, long[] counts, double[] sums, double[] squares) {

    public FeatureStatistics {
        if (blocks < 1 || features < 1 || (long) blocks * features > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("feature statistics of " + blocks + " blocks x " + features + " features are out of range");
        }
        if (counts.length != blocks || sums.length != blocks * features || squares.length != blocks * features) {
            throw new IllegalArgumentException("feature statistics: " + counts.length + " counts, " + sums.length + " sums and "
                    + squares.length + " sums of squares do not fit " + blocks + " blocks x " + features + " features");
        }
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("feature statistics: negative record count");
            }
        }
        requireFinite(sums, "sums");
        requireFinite(squares, "sums of squares");
        counts = counts.clone();
        sums = sums.clone();
        squares = squares.clone();
    }

    private static void requireFinite(double[] values, String what) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("feature statistics: " + what + " must be finite");
            }
        }
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public double[] sums() {
        return sums.clone();
    }

    @Override
    public double[] squares() {
        return squares.clone();
    }

    public long count(int block) {
        return counts[block];
    }

    public double sum(int block, int feature) {
        return sums[block * features + feature];
    }

    public double sumOfSquares(int block, int feature) {
        return squares[block * features + feature];
    }
}
