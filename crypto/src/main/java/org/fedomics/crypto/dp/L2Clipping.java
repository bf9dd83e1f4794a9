package org.fedomics.crypto.dp;

/**
 * Clipping to an L2 norm C: a vector longer than C is scaled down to length C, a shorter one is
 * left alone, so one record's (or one node's) contribution to a sum is at most C. Values that
 * are not finite numbers are refused before any scaling: NaN would otherwise pass every
 * comparison and reach the sum unclipped.
 */
public final class L2Clipping {
    private L2Clipping() {
    }

    /** The L2 norm, computed without overflow (1e200 squared is infinite); refuses NaN and infinity. */
    public static double norm(double[] values) {
        double largest = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is " + values[i] + ": only finite numbers can be clipped");
            }
            largest = Math.max(largest, Math.abs(values[i]));
        }
        if (largest == 0) {
            return 0;
        }
        double sum = 0;
        for (double value : values) {
            double scaled = value / largest;
            sum += scaled * scaled;
        }
        return largest * Math.sqrt(sum);
    }

    /** The factor that brings a vector of this norm within {@code clipNorm}: min(1, C / norm), 1 for the zero vector. */
    public static double scaleFor(double norm, double clipNorm) {
        checkClipNorm(clipNorm);
        if (!(norm >= 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("a norm must be a finite number >= 0, got " + norm);
        }
        return norm <= clipNorm ? 1.0 : clipNorm / norm;
    }

    /** A copy of {@code values} with L2 norm at most {@code clipNorm}, in the same direction. */
    public static double[] clip(double[] values, double clipNorm) {
        double scale = scaleFor(norm(values), clipNorm);
        double[] clipped = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            clipped[i] = values[i] * scale;
        }
        return clipped;
    }

    static void checkClipNorm(double clipNorm) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clip norm C must be a finite number > 0, got " + clipNorm);
        }
    }
}
