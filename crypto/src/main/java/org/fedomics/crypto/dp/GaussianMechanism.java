package org.fedomics.crypto.dp;

import java.security.SecureRandom;

/**
 * Gaussian noise on a vector with bounded L2 sensitivity, from a cryptographically secure source
 * and snapped to a grid so that floating-point arithmetic cannot give the input away.
 *
 * <p>The problem (Mironov, CCS 2012, shown for Laplace; the same holds for any floating-point
 * sampler): {@code x + noise} in doubles takes values whose low-order bits depend on {@code x},
 * because the set of doubles the sampler can produce is sparse and uneven. An observer who sees
 * the result can rule out inputs, whatever the noise's scale. The remedy used here, as in the
 * snapping mechanism and in Google's secure noise generation: both the input and the noise are
 * rounded to multiples of a power of two {@code g}, about 2^-40 of the noise's standard
 * deviation. Every grid cell then collects very many of the sampler's doubles, so the output
 * depends on the noise only through its value rounded to {@code g}, and the sum of two grid
 * values is computed exactly. Rounding the input moves each coordinate by at most g/2, which can
 * add {@code g sqrt(d)} to the L2 sensitivity; the noise's standard deviation is taken as
 * {@code z (sensitivity + g sqrt(d))}, so the mechanism keeps exactly the noise multiplier z the
 * accountant is told, with a negligible extra (about 1e-12 relative for 10^6 coordinates).
 *
 * <p>Noise values come from the JDK's ziggurat sampler driven by 64-bit words of the given
 * {@link SecureRandom}. Not thread-safe: one instance per thread.
 */
public final class GaussianMechanism {
    /** The grid is this many binary orders of magnitude below the noise's standard deviation. */
    static final int GRID_BITS = 40;
    /** Below this scale the grid would fall into subnormal doubles. */
    private static final double SMALLEST_SCALE = 0x1p-900;

    private final SecureRandomBits random;

    public GaussianMechanism(SecureRandom random) {
        this.random = new SecureRandomBits(random);
    }

    /**
     * A noisy copy of {@code values}: each coordinate rounded to the grid plus independent
     * Gaussian noise of standard deviation {@link #noiseStddev}. With {@code noiseMultiplier} 0
     * the values come back unchanged (and the accountant reports infinite epsilon).
     */
    public double[] privatize(double[] values, double l2Sensitivity, double noiseMultiplier) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is " + values[i] + ": only finite numbers can be privatized");
            }
        }
        double sigma = noiseStddev(values.length, l2Sensitivity, noiseMultiplier);
        if (sigma == 0) {
            return values.clone();
        }
        double grid = grid(l2Sensitivity, noiseMultiplier);
        double[] noisy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            noisy[i] = snap(values[i], grid) + snap(sigma * random.nextGaussian(), grid);
        }
        return noisy;
    }

    /**
     * The standard deviation of the noise on each of {@code dimension} coordinates:
     * z times the sensitivity widened by the grid rounding.
     */
    public static double noiseStddev(int dimension, double l2Sensitivity, double noiseMultiplier) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        if (!(l2Sensitivity > 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("L2 sensitivity must be a finite number > 0, got " + l2Sensitivity);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier z must be a finite number >= 0, got " + noiseMultiplier);
        }
        if (noiseMultiplier == 0) {
            return 0;
        }
        if (noiseMultiplier * l2Sensitivity < SMALLEST_SCALE) {
            throw new IllegalArgumentException("noise of scale " + noiseMultiplier * l2Sensitivity + " is too small to represent");
        }
        return noiseMultiplier * (l2Sensitivity + grid(l2Sensitivity, noiseMultiplier) * Math.sqrt(dimension));
    }

    /** The power of two to which inputs and noise are rounded: 2^-GRID_BITS of z times the sensitivity, rounded down. */
    static double grid(double l2Sensitivity, double noiseMultiplier) {
        return Math.scalb(1.0, Math.getExponent(noiseMultiplier * l2Sensitivity) - GRID_BITS);
    }

    /**
     * The nearest multiple of {@code grid} (halves upwards, so rounding commutes with adding a
     * multiple of the grid). Exact: dividing by a power of two and adding 0.5 lose nothing
     * below 2^52 grid units, and above that every double is already a multiple of the grid.
     */
    static double snap(double value, double grid) {
        double units = value / grid;
        if (Math.abs(units) >= 0x1p52) {
            return value;
        }
        return Math.floor(units + 0.5) * grid;
    }
}
