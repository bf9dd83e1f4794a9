package org.fedomics.consent.study;

import org.fedomics.crypto.secagg.FixedPoint;

/**
 * A node's update as the vector secure aggregation sums: the block counts, then the count-weighted
 * parameters, each in fixed point modulo 2^{@value #MODULUS_BITS}. The scale leaves room for the
 * whole roster's sum, so the sum can never wrap: each value is kept below 2^{@value #VALUE_BITS}
 * in magnitude (clipped; a count-weighted parameter that large means a diverged model), and counts
 * of 2^{@value #VALUE_BITS} records or more are refused.
 */
public final class SecureUpdateEncoding {
    public static final int MODULUS_BITS = 48;
    static final int VALUE_BITS = 20;
    private final int blocks;
    private final int rows;
    private final int columns;
    private final FixedPoint fixedPoint;

    private SecureUpdateEncoding(int blocks, int rows, int columns, FixedPoint fixedPoint) {
        this.blocks = blocks;
        this.rows = rows;
        this.columns = columns;
        this.fixedPoint = fixedPoint;
    }

    public static SecureUpdateEncoding forStudy(StudyRequest request, int rosterSize) {
        return new SecureUpdateEncoding(request.plan().blocks(), request.outcome().labels().size(), request.features().size() + 1,
                FixedPoint.forNodes(rosterSize, MODULUS_BITS, 1L << VALUE_BITS));
    }

    public int vectorLength() {
        return blocks + blocks * rows * columns;
    }

    public long[] encode(ParameterBlocks update) {
        if (update.blocks() != blocks || update.rows() != rows || update.columns() != columns) {
            throw new IllegalArgumentException("an update of shape " + update.blocks() + "x" + update.rows() + "x" + update.columns()
                    + " does not fit the study's " + blocks + "x" + rows + "x" + columns);
        }
        double[] plain = new double[vectorLength()];
        long[] counts = update.counts();
        for (int b = 0; b < blocks; b++) {
            if (counts[b] >= 1L << VALUE_BITS) {
                throw new IllegalArgumentException("block " + b + " counts " + counts[b] + " records, more than secure aggregation can sum");
            }
            plain[b] = counts[b];
        }
        System.arraycopy(update.values(), 0, plain, blocks, plain.length - blocks);
        return fixedPoint.encode(plain);
    }

    public ParameterBlocks decode(long[] sum) {
        if (sum.length != vectorLength()) {
            throw new IllegalArgumentException("a sum of " + sum.length + " elements does not fit the study's " + vectorLength());
        }
        double[] plain = fixedPoint.decode(sum);
        long[] counts = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            counts[b] = Math.round(plain[b]);
        }
        double[] values = new double[plain.length - blocks];
        System.arraycopy(plain, blocks, values, 0, values.length);
        return new ParameterBlocks(blocks, rows, columns, counts, values);
    }
}
