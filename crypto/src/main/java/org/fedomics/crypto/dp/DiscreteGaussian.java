package org.fedomics.crypto.dp;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Exact samples of the discrete Gaussian on the integers, P(x) proportional to
 * exp(-x^2 / (2 sigma^2)), by the rejection sampler of Canonne, Kamath and Steinke ("The
 * Discrete Gaussian for Differential Privacy", NeurIPS 2020, Algorithms 1 to 3). Every step is
 * exact rational arithmetic on uniform integers from a {@link SecureRandom}: no floating point,
 * so none of its pitfalls. Integer noise like this can be added to quantized values before
 * secure-aggregation masking. Its privacy for integer-valued sums of L2 sensitivity D is that of
 * the continuous Gaussian: RDP alpha D^2 / (2 sigma^2) (CKS 2020, Theorem 4 and Corollary 9).
 * Not thread-safe: one instance per thread.
 */
public final class DiscreteGaussian {
    private static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
    private static final Rational HALF = new Rational(BigInteger.ONE, BigInteger.TWO);

    private final SecureRandomBits random;

    public DiscreteGaussian(SecureRandom random) {
        this.random = new SecureRandomBits(random);
    }

    /** One sample with parameter sigma^2 given exactly as the double {@code sigmaSquared} (> 0, finite). */
    public long sample(double sigmaSquared) {
        if (!(sigmaSquared >= Double.MIN_NORMAL) || Double.isInfinite(sigmaSquared)) {
            throw new IllegalArgumentException("sigma^2 must be a finite number of at least 2^-1022, got " + sigmaSquared);
        }
        // a normal double is exactly mantissa * 2^exponent
        long mantissa = (Double.doubleToRawLongBits(sigmaSquared) & ((1L << 52) - 1)) | (1L << 52);
        int exponent = Math.getExponent(sigmaSquared) - 52;
        BigInteger numerator = BigInteger.valueOf(mantissa);
        return exponent >= 0 ? sample(numerator.shiftLeft(exponent), BigInteger.ONE)
                : sample(numerator, BigInteger.ONE.shiftLeft(-exponent));
    }

    /** One sample with parameter sigma^2 = numerator / denominator (both > 0). */
    public long sample(BigInteger numerator, BigInteger denominator) {
        if (numerator.signum() <= 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("sigma^2 must be a positive fraction, got " + numerator + "/" + denominator);
        }
        // in lowest terms: smaller numbers, and the same draws however sigma^2 was written
        BigInteger common = numerator.gcd(denominator);
        numerator = numerator.divide(common);
        denominator = denominator.divide(common);
        Rational sigmaSquared = new Rational(numerator, denominator);
        // t = floor(sigma) + 1; floor(sqrt(n/d)) = floor(sqrt(floor(n/d)))
        BigInteger t = numerator.divide(denominator).sqrt().add(BigInteger.ONE);
        Rational sigmaSquaredOverT = sigmaSquared.divide(t);
        Rational twoSigmaSquared = sigmaSquared.multiply(BigInteger.TWO);
        while (true) {
            long y = discreteLaplace(t);
            // accept with probability exp(-(|y| - sigma^2/t)^2 / (2 sigma^2))
            Rational offset = new Rational(BigInteger.valueOf(Math.abs(y)), BigInteger.ONE).distanceTo(sigmaSquaredOverT);
            Rational gamma = offset.multiply(offset).divide(twoSigmaSquared);
            if (bernoulliExpMinus(gamma)) {
                return y;
            }
        }
    }

    /** Algorithm 2 with s = 1: P(y) proportional to exp(-|y| / t). */
    private long discreteLaplace(BigInteger t) {
        while (true) {
            BigInteger u = uniformBelow(t);
            if (!bernoulliExpMinus(new Rational(u, t))) {
                continue;
            }
            long v = 0;
            while (bernoulliExpMinus(ONE)) {
                v++;
            }
            long magnitude = u.add(t.multiply(BigInteger.valueOf(v))).longValueExact();
            boolean negative = bernoulli(HALF);
            if (negative && magnitude == 0) {
                continue;
            }
            return negative ? -magnitude : magnitude;
        }
    }

    /** Algorithm 1: true with probability exp(-gamma), gamma >= 0. */
    private boolean bernoulliExpMinus(Rational gamma) {
        BigInteger whole = gamma.numerator.divide(gamma.denominator);
        for (BigInteger k = BigInteger.ZERO; k.compareTo(whole) < 0; k = k.add(BigInteger.ONE)) {
            if (!bernoulliExpMinusAtMostOne(ONE)) {
                return false;
            }
        }
        Rational fraction = new Rational(gamma.numerator.subtract(whole.multiply(gamma.denominator)), gamma.denominator);
        return bernoulliExpMinusAtMostOne(fraction);
    }

    /** For 0 <= gamma <= 1: draw Bernoulli(gamma/k) for k = 1, 2, ... until one fails; true if that k is odd. */
    private boolean bernoulliExpMinusAtMostOne(Rational gamma) {
        long k = 1;
        while (bernoulli(new Rational(gamma.numerator, gamma.denominator.multiply(BigInteger.valueOf(k))))) {
            k++;
        }
        return k % 2 == 1;
    }

    /** True with probability p = n/d in [0, 1]. */
    private boolean bernoulli(Rational p) {
        return uniformBelow(p.denominator).compareTo(p.numerator) < 0;
    }

    /** Uniform on {0, ..., bound - 1}, by rejection (no modulo bias). */
    private BigInteger uniformBelow(BigInteger bound) {
        if (bound.bitLength() < Long.SIZE) {
            return BigInteger.valueOf(random.nextLong(bound.longValueExact()));
        }
        int bits = bound.bitLength();
        byte[] bytes = new byte[(bits + 7) / 8];
        while (true) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            // keep only the low `bits` bits
            int excess = bytes.length * 8 - bits;
            bytes[0] &= (byte) (0xff >>> excess);
            BigInteger candidate = new BigInteger(1, bytes);
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }

    /** A non-negative fraction, not necessarily reduced. */
    private record Rational(BigInteger numerator, BigInteger denominator) {
        Rational multiply(Rational other) {
            return new Rational(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
        }

        Rational multiply(BigInteger factor) {
            return new Rational(numerator.multiply(factor), denominator);
        }

        Rational divide(Rational other) {
            return new Rational(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
        }

        Rational divide(BigInteger divisor) {
            return new Rational(numerator, denominator.multiply(divisor));
        }

        /** |this - other|. */
        Rational distanceTo(Rational other) {
            BigInteger difference = numerator.multiply(other.denominator).subtract(other.numerator.multiply(denominator));
            return new Rational(difference.abs(), denominator.multiply(other.denominator));
        }
    }
}
