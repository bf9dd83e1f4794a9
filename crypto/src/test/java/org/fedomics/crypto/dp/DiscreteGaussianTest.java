package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DiscreteGaussianTest {

    @Test
    void sample_smallSigma_frequenciesMatchTheExactProbabilities() {
        double sigmaSquared = 0.5;
        int n = 60_000;
        DiscreteGaussian sampler = new DiscreteGaussian(InsecureSeededRandom.of(3));
        int[] counts = new int[7]; // -3..3
        for (int i = 0; i < n; i++) {
            long x = sampler.sample(sigmaSquared);
            assertThat(Math.abs(x)).isLessThanOrEqualTo(6);
            if (Math.abs(x) <= 3) {
                counts[(int) x + 3]++;
            }
        }
        double normalizer = 0;
        for (int k = -20; k <= 20; k++) {
            normalizer += Math.exp(-k * k / (2 * sigmaSquared));
        }
        for (int k = -3; k <= 3; k++) {
            double p = Math.exp(-k * k / (2 * sigmaSquared)) / normalizer;
            double observed = counts[k + 3] / (double) n;
            assertThat(observed).as("P(%d)", k).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n) + 1e-4));
        }
    }

    @Test
    void sample_largeSigma_meanZeroVarianceSigmaSquared() {
        double sigmaSquared = 400; // sigma 20: variance of the discrete Gaussian equals sigma^2 to within 1e-100
        int n = 40_000;
        DiscreteGaussian sampler = new DiscreteGaussian(new SecureRandom());
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            long x = sampler.sample(sigmaSquared);
            sum += x;
            sumSquares += (double) x * x;
        }
        double mean = sum / n;
        double variance = sumSquares / n - mean * mean;

        assertThat(mean).isCloseTo(0, within(5 * 20 / Math.sqrt(n)));
        assertThat(variance).isCloseTo(sigmaSquared, within(5 * sigmaSquared * Math.sqrt(2.0 / n)));
    }

    @Test
    void sample_fractionalSigmaSquared_sameDistributionAsTheEqualDouble() {
        // 18/8 as a fraction and 2.25 as a double are the same sigma^2 exactly: equal seeds give equal samples
        DiscreteGaussian fromFraction = new DiscreteGaussian(InsecureSeededRandom.of(5));
        DiscreteGaussian fromDouble = new DiscreteGaussian(InsecureSeededRandom.of(5));

        for (int i = 0; i < 200; i++) {
            assertThat(fromFraction.sample(BigInteger.valueOf(18), BigInteger.valueOf(8))).isEqualTo(fromDouble.sample(2.25));
        }
    }

    @Test
    void sample_isSymmetric() {
        DiscreteGaussian sampler = new DiscreteGaussian(InsecureSeededRandom.of(8));
        int n = 40_000;
        int positive = 0;
        int negative = 0;
        for (int i = 0; i < n; i++) {
            long x = sampler.sample(3.0);
            positive += x > 0 ? 1 : 0;
            negative += x < 0 ? 1 : 0;
        }
        assertThat((double) positive - negative).isCloseTo(0, within(5 * Math.sqrt(n)));
    }

    @Test
    void sample_badSigmaSquared_refused() {
        DiscreteGaussian sampler = new DiscreteGaussian(new SecureRandom());

        for (double s : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE}) {
            assertThatThrownBy(() -> sampler.sample(s)).as("%s", s).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sigma^2");
        }
        assertThatThrownBy(() -> sampler.sample(BigInteger.ZERO, BigInteger.ONE)).hasMessageContaining("sigma^2");
        assertThatThrownBy(() -> sampler.sample(BigInteger.ONE, BigInteger.valueOf(-2))).hasMessageContaining("sigma^2");
    }
}
