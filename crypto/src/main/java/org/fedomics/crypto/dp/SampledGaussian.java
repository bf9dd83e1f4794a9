package org.fedomics.crypto.dp;

/**
 * One step of the Poisson-subsampled Gaussian mechanism: every record joins the step
 * independently with probability {@code samplingRate} (q), and Gaussian noise of standard
 * deviation {@code noiseMultiplier} (z) times the L2 sensitivity is added to the sum. With q = 1
 * it is the plain Gaussian mechanism.
 *
 * <p>Its Rényi DP follows Mironov, Talwar and Zhang (2019), computed as Google's
 * {@code dp_accounting} does: exactly by the binomial expansion for integer orders, by the
 * two-sided series with erfc tails for fractional orders, all in log space.
 */
public record SampledGaussian(double samplingRate, double noiseMultiplier) {
    /** The series for fractional orders stops once its terms fall below exp(-30). */
    private static final double NEGLIGIBLE_LOG_TERM = -30;
    /** Far more terms than any valid (q, z, alpha) needs; a guard against looping on NaN. */
    private static final long MAX_SERIES_TERMS = 100_000_000L;

    public SampledGaussian {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate q must be in [0, 1], got " + samplingRate);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier z must be a finite number >= 0, got " + noiseMultiplier);
        }
    }

    /** The Gaussian mechanism without subsampling (q = 1). */
    public static SampledGaussian unsampled(double noiseMultiplier) {
        return new SampledGaussian(1.0, noiseMultiplier);
    }

    /** The RDP of one step at the given orders. */
    public RdpCurve rdp(double[] orders) {
        RdpCurve.checkOrders(orders);
        double[] epsilons = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            epsilons[i] = rdp(orders[i]);
        }
        return RdpCurve.of(orders, epsilons);
    }

    /** The RDP of one step at the default orders. */
    public RdpCurve rdp() {
        return rdp(RdpCurve.defaultOrders());
    }

    /** The RDP epsilon of one step at order alpha > 1. */
    public double rdp(double order) {
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("a Rényi order must be a finite number > 1, got " + order);
        }
        if (samplingRate == 0) {
            // No record is ever used: the output does not depend on the data at all.
            return 0;
        }
        if (noiseMultiplier == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (samplingRate == 1) {
            return order / (2 * noiseMultiplier * noiseMultiplier);
        }
        double logA = order == Math.rint(order) ? logAInteger((long) order) : logAFractional(order);
        return logA / (order - 1);
    }

    /** log A_alpha for integer alpha: log sum_k C(alpha,k) (1-q)^(alpha-k) q^k exp((k^2-k)/(2 z^2)). */
    private double logAInteger(long order) {
        double q = samplingRate;
        double twoVariance = 2 * noiseMultiplier * noiseMultiplier;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double logA = Double.NEGATIVE_INFINITY;
        double logBinomial = 0; // log C(order, 0)
        for (long k = 0; k <= order; k++) {
            if (k > 0) {
                logBinomial += Math.log(order - k + 1) - Math.log(k);
            }
            double term = logBinomial + k * logQ + (order - k) * log1mQ + (k * (double) k - k) / twoVariance;
            logA = LogMath.logAdd(logA, term);
        }
        return logA;
    }

    /**
     * log A_alpha for fractional alpha: the integral split at z0 where the two Gaussians' weights
     * cross, each side a series in the generalized binomial coefficients C(alpha, i), whose sign
     * alternates once i exceeds alpha (hence the signed log-space sums).
     */
    private double logAFractional(double order) {
        double q = samplingRate;
        double sigma = noiseMultiplier;
        double twoVariance = 2 * sigma * sigma;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        double logHalf = Math.log(0.5);
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double logAbsBinomial = 0; // log |C(order, 0)|
        boolean positive = true;
        for (long i = 0; i < MAX_SERIES_TERMS; i++) {
            if (i > 0) {
                double factor = (order - i + 1) / i;
                logAbsBinomial += Math.log(Math.abs(factor));
                positive = positive == (factor > 0);
            }
            double j = order - i;
            double logT0 = logAbsBinomial + i * logQ + j * log1mQ;
            double logT1 = logAbsBinomial + j * logQ + i * log1mQ;
            double logE0 = logHalf + LogMath.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = logHalf + LogMath.logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + (i * (double) i - i) / twoVariance + logE0;
            double logS1 = logT1 + (j * j - j) / twoVariance + logE1;
            if (positive) {
                logA0 = LogMath.logAdd(logA0, logS0);
                logA1 = LogMath.logAdd(logA1, logS1);
            } else {
                logA0 = LogMath.logSub(logA0, logS0);
                logA1 = LogMath.logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < NEGLIGIBLE_LOG_TERM) {
                return LogMath.logAdd(logA0, logA1);
            }
        }
        throw new ArithmeticException("the RDP series did not converge for q=" + samplingRate + ", z=" + noiseMultiplier
                + ", order " + order);
    }
}
