package org.fedomics.crypto.dp;

/**
 * Arithmetic in log space for the accountant: sums of terms that over- or underflow as plain
 * doubles (exp(1000), exp(-1000)) stay finite as logarithms.
 */
final class LogMath {
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    /** Below it erfc comes from the erf series, above it from the continued fraction (both converge fast there). */
    private static final double SERIES_LIMIT = 2.5;
    private static final int MAX_TERMS = 10_000;

    private LogMath() {
    }

    /** log(exp(logX) + exp(logY)). */
    static double logAdd(double logX, double logY) {
        double small = Math.min(logX, logY);
        double large = Math.max(logX, logY);
        if (small == Double.NEGATIVE_INFINITY) {
            return large;
        }
        return Math.log1p(Math.exp(small - large)) + large;
    }

    /** log(exp(logX) - exp(logY)), for logX >= logY. */
    static double logSub(double logX, double logY) {
        if (logX < logY) {
            throw new ArithmeticException("log-space subtraction would be negative: " + logX + " - " + logY);
        }
        if (logY == Double.NEGATIVE_INFINITY) {
            return logX;
        }
        if (logX == logY) {
            return Double.NEGATIVE_INFINITY;
        }
        double difference = logX - logY;
        if (difference > 700) {
            // exp(logY) is below the precision of exp(logX)
            return logX;
        }
        return Math.log(Math.expm1(difference)) + logY;
    }

    /**
     * log(erfc(x)), accurate in both tails: erfc(40) is about 1e-697, far below the smallest
     * double, but its logarithm is an ordinary number.
     */
    static double logErfc(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("logErfc of NaN");
        }
        if (x < 0) {
            // erfc(x) = 1 + erf(-x), between 1 and 2
            return -x < SERIES_LIMIT ? Math.log1p(erf(-x)) : Math.log(2.0 - Math.exp(logErfcByContinuedFraction(-x)));
        }
        if (x < SERIES_LIMIT) {
            return Math.log1p(-erf(x));
        }
        return logErfcByContinuedFraction(x);
    }

    /**
     * erf(x) for 0 <= x < SERIES_LIMIT from the series with positive terms
     * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), so no cancellation.
     */
    private static double erf(double x) {
        double term = x;
        double sum = x;
        double twoXSquared = 2 * x * x;
        for (int n = 1; n < MAX_TERMS && term > 1e-17 * sum; n++) {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /**
     * log erfc(x) for x >= SERIES_LIMIT from Laplace's continued fraction
     * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated with
     * the modified Lentz method.
     */
    private static double logErfcByContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < MAX_TERMS; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return -x * x - LOG_SQRT_PI - Math.log(f);
    }
}
