package org.fedomics.consent.study;

import org.fedomics.crypto.secagg.FixedPoint;

/**
 * A node's feature statistics as the vector secure aggregation sums, and the consortium's
 * standardization from the sum. The vector holds the block counts, then every block's per-feature
 * sums, then every block's per-feature sums of squares, modulo 2^{@value #MODULUS_BITS}, each
 * segment in fixed point at its own scale (all share the modulus, so the element-wise sum is the
 * sum of each segment).
 *
 * <p>Nothing can wrap: a node's feature values must lie within +-{@value #VALUE_LIMIT} (expression
 * on a log scale does; the node refuses a study otherwise) and a block counts fewer than 2^20
 * records, so a node's sums stay within 2^20 x {@value #VALUE_LIMIT} and its sums of squares within
 * 2^20 x {@value #VALUE_LIMIT}^2; each segment's scale is the finest at which the roster's sum of
 * such bounded inputs stays below 2^(k-1) ({@link FixedPoint#forNodes}). For three hospitals the
 * sums of squares are resolved to 2^-19 and the sums to 2^-29.
 */
public final class FeatureStatisticsEncoding {
    public static final int MODULUS_BITS = 62;
    /** The largest magnitude of a feature value the statistics sum. */
    public static final double VALUE_LIMIT = 1024;
    static final long MAX_RECORDS = 1L << 20;
    private final int blocks;
    private final int features;
    private final int rosterSize;
    private final FixedPoint counts;
    private final FixedPoint sums;
    private final FixedPoint squares;

    private FeatureStatisticsEncoding(int blocks, int features, int rosterSize) {
        this.blocks = blocks;
        this.features = features;
        this.rosterSize = rosterSize;
        this.counts = FixedPoint.forNodes(rosterSize, MODULUS_BITS, MAX_RECORDS);
        this.sums = FixedPoint.forNodes(rosterSize, MODULUS_BITS, MAX_RECORDS * VALUE_LIMIT);
        this.squares = FixedPoint.forNodes(rosterSize, MODULUS_BITS, MAX_RECORDS * VALUE_LIMIT * VALUE_LIMIT);
    }

    public static FeatureStatisticsEncoding forStudy(StudyRequest request, int rosterSize) {
        return new FeatureStatisticsEncoding(request.plan().blocks(), request.features().size(), rosterSize);
    }

    public int vectorLength() {
        return blocks + 2 * blocks * features;
    }

    /**
     * A node's statistics as its input to the secure sum.
     *
     * @throws IllegalArgumentException if the shape is not the study's, a block counts 2^20 records
     *     or more, or a sum lies beyond what values within the limit can add up to (then a value
     *     was out of range)
     */
    public long[] encode(FeatureStatistics own) {
        if (own.blocks() != blocks || own.features() != features) {
            throw new IllegalArgumentException("statistics of " + own.blocks() + " blocks x " + own.features()
                    + " features do not fit the study's " + blocks + " x " + features);
        }
        for (int b = 0; b < blocks; b++) {
            long n = own.count(b);
            if (n >= MAX_RECORDS) {
                throw new IllegalArgumentException("block " + b + " counts " + n + " records, more than secure statistics can sum");
            }
            for (int j = 0; j < features; j++) {
                double squared = own.sumOfSquares(b, j);
                if (Math.abs(own.sum(b, j)) > n * VALUE_LIMIT || squared < 0 || squared > n * VALUE_LIMIT * VALUE_LIMIT) {
                    throw new IllegalArgumentException("block " + b + ", feature " + j + ": the sums are beyond what " + n
                            + " values within +-" + VALUE_LIMIT + " can add up to");
                }
            }
        }
        double[] plainCounts = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            plainCounts[b] = own.count(b);
        }
        long[] out = new long[vectorLength()];
        int offset = 0;
        for (long[] segment : new long[][] {counts.encode(plainCounts), sums.encode(own.sums()), squares.encode(own.squares())}) {
            System.arraycopy(segment, 0, out, offset, segment.length);
            offset += segment.length;
        }
        return out;
    }

    /** The consortium's statistics from the secure sum of the nodes' encoded statistics. */
    public FeatureStatistics decode(long[] sum) {
        if (sum.length != vectorLength()) {
            throw new IllegalArgumentException("a sum of " + sum.length + " elements does not fit the study's " + vectorLength());
        }
        double[] plainCounts = counts.decode(segment(sum, 0, blocks));
        long[] total = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            total[b] = Math.round(plainCounts[b]);
        }
        int cells = blocks * features;
        return new FeatureStatistics(blocks, features, total, sums.decode(segment(sum, blocks, cells)),
                squares.decode(segment(sum, blocks + cells, cells)));
    }

    private static long[] segment(long[] vector, int from, int length) {
        long[] out = new long[length];
        System.arraycopy(vector, from, out, 0, length);
        return out;
    }

    /**
     * The consortium's per-block means and sample standard deviations (n - 1, as a single site's
     * standardizer uses) from its statistics as {@link #decode} returns them. A block of fewer than
     * two records, or a variance within the fixed-point rounding of zero, gives a standard
     * deviation of 0 (a constant feature).
     */
    public FeatureStandardization standardization(FeatureStatistics total) {
        if (total.blocks() != blocks || total.features() != features) {
            throw new IllegalArgumentException("statistics of " + total.blocks() + " blocks x " + total.features()
                    + " features do not fit the study's " + blocks + " x " + features);
        }
        double[] means = new double[blocks * features];
        double[] sds = new double[blocks * features];
        for (int b = 0; b < blocks; b++) {
            long n = total.count(b);
            for (int j = 0; j < features; j++) {
                int at = b * features + j;
                if (n == 0) {
                    continue;
                }
                double mean = total.sum(b, j) / n;
                means[at] = mean;
                if (n < 2) {
                    continue;
                }
                double variance = (total.sumOfSquares(b, j) - total.sum(b, j) * mean) / (n - 1);
                sds[at] = variance > roundingOfVariance(mean, n) ? Math.sqrt(variance) : 0.0;
            }
        }
        return new FeatureStandardization(blocks, features, means, sds);
    }

    /**
     * The most the variance can be off by the fixed-point rounding: each node rounds its sum of
     * squares and its sum by at most half a step, and variance = (S2 - S1^2 / n) / (n - 1), where an
     * error e in S1 moves S1^2 / n by about 2 |mean| e.
     */
    private double roundingOfVariance(double mean, long n) {
        double squaresError = rosterSize * 0.5 / squares.scale();
        double sumsError = rosterSize * 0.5 / sums.scale();
        return (squaresError + 2 * Math.abs(mean) * sumsError) / (n - 1);
    }
}
