package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers of the RDP accountant from Google's dp_accounting (its own tests) and from
 * direct multi-precision integration, all at relative tolerance 1e-4.
 */
class SampledGaussianTest {
    private static final double DELTA = 1e-5;
    /** Relative tolerance 1e-4, as a percentage. */
    private static final org.assertj.core.data.Percentage REL_1E4 = withinPercentage(0.01);

    private static double[] ordersOneTenthThenIntegersFrom12() {
        double[] orders = new double[99 + 52];
        int i = 0;
        for (int x = 1; x <= 99; x++) {
            orders[i++] = 1 + x / 10.0;
        }
        for (int order = 12; order <= 63; order++) {
            orders[i++] = order;
        }
        return orders;
    }

    @Test
    void rdp_subsampledGaussian50Steps_matchesDpAccountingAtIntegerAndFractionalOrders() {
        // dp_accounting's test_compute_rdp_poisson_sampled_gaussian. The notes list 6.70579741e-4 and
        // 1.08548710e-3 for the first two orders; dp_accounting's own test and a direct numerical
        // integration of the Rényi divergence (mpmath, 40 digits) both give 6.5007090e-4 and 1.0854181e-3.
        double[] rdp = new SampledGaussian(0.01, 2.5).rdp(new double[] {1.5, 2.5, 5, 50, 100}).times(50).epsilons();

        assertThat(rdp[0]).isCloseTo(6.500708971880397e-4, REL_1E4);
        assertThat(rdp[1]).isCloseTo(1.0854180569181243e-3, REL_1E4);
        assertThat(rdp[2]).isCloseTo(2.18075656e-3, REL_1E4);
        assertThat(rdp[3]).isCloseTo(2.38460375e-2, REL_1E4);
        assertThat(rdp[4]).isCloseTo(1.67416308e2, REL_1E4);
    }

    @Test
    void epsilon_dpSgdMnistSetting_is0point7242() {
        // N = 60000, batch 150, z = 1.3, 15 epochs = 6000 steps
        PrivacySpend spend = new SampledGaussian(150.0 / 60000, 1.3).rdp(ordersOneTenthThenIntegersFrom12())
                .times(6000).toDp(DELTA);

        assertThat(spend.epsilon()).isCloseTo(0.7242234, REL_1E4);
        assertThat(spend.delta()).isEqualTo(DELTA);
    }

    @ParameterizedTest(name = "q={0} z={1} steps={2}: epsilon {3}")
    @CsvSource({
        "0.01, 1.1, 1000, 1.71177",
        "0.01, 1.1, 10000, 5.63201",
        "1.0, 1.0, 1, 4.7285",
        "1.0, 5.0, 100, 10.726",
        "1.0, 10.0, 1000, 19.054",
    })
    void epsilon_defaultOrders_matchesKnownAnswer(double q, double z, long steps, double epsilon) {
        PrivacySpend spend = new SampledGaussian(q, z).rdp().times(steps).toDp(DELTA);

        assertThat(spend.epsilon()).isCloseTo(epsilon, REL_1E4);
    }

    /** log A_alpha against mpmath integration of E_{N(0,z^2)}[((1-q) + q exp((2x-1)/(2z^2)))^alpha] (dp_accounting's mp test cases). */
    @ParameterizedTest(name = "q={0} z={1} alpha={2}")
    @CsvSource({
        "1e-7, 0.1, 1.01, 4.0034123225264e-8",
        "1e-6, 0.1, 256, 3260463.22929716",
        "1e-5, 0.1, 256.1, 3263607.03978842",
        "1e-6, 1, 27, 8.7695113048485e-10",
        "1e-4, 1, 1.5, 6.44268695383665e-9",
        "1e-3, 1, 2, 1.71828035221452e-6",
        "0.01, 10, 20, 1.9129699912843e-4",
        "0.1, 100, 20.5, 1.99918184580683e-4",
        "0.99, 0.1, 256, 3263997.42711402",
        "0.999, 100, 256.1, 3.26010803797311",
    })
    void rdp_extremeParameters_matchesMultiPrecisionIntegration(double q, double z, double order, double logA) {
        double rdp = new SampledGaussian(q, z).rdp(order);

        assertThat(rdp * (order - 1)).isCloseTo(logA, REL_1E4);
    }

    @Test
    void rdp_unsampledGaussian_isOrderOverTwoZSquared() {
        assertThat(SampledGaussian.unsampled(2).rdp(3.5)).isEqualTo(3.5 / 8);
    }

    @Test
    void rdp_moreNoiseOrLessSampling_neverSpendsMore() {
        double previous = Double.POSITIVE_INFINITY;
        for (double z : new double[] {0.5, 0.8, 1.1, 2, 4}) {
            double rdp = new SampledGaussian(0.05, z).rdp(7.5);
            assertThat(rdp).as("z=%s", z).isLessThan(previous);
            previous = rdp;
        }
        assertThat(new SampledGaussian(0.01, 1).rdp(3.3)).isLessThan(new SampledGaussian(0.02, 1).rdp(3.3));
    }

    @Test
    void epsilon_samplingRateZero_isZero() {
        assertThat(new SampledGaussian(0, 1).rdp().times(1000).toDp(DELTA).epsilon()).isZero();
        assertThat(new SampledGaussian(0, 0).rdp().times(1000).toDp(DELTA).epsilon()).isZero();
    }

    @Test
    void epsilon_noNoise_isInfinite() {
        assertThat(new SampledGaussian(0.01, 0).rdp().times(1).toDp(DELTA).epsilon()).isInfinite();
        assertThat(SampledGaussian.unsampled(0).rdp().times(1).toDp(DELTA).epsilon()).isInfinite();
    }

    @Test
    void epsilon_zeroSteps_isZero() {
        assertThat(new SampledGaussian(0.5, 0.3).rdp().times(0).toDp(DELTA).epsilon()).isZero();
        assertThat(new SampledGaussian(0.5, 0).rdp().times(0).toDp(DELTA).epsilon()).isZero();
    }

    @Test
    void construct_samplingRateOutsideZeroOne_refusedNamingQ() {
        assertThatThrownBy(() -> new SampledGaussian(-0.1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new SampledGaussian(1.5, 1)).hasMessageContaining("q");
        assertThatThrownBy(() -> new SampledGaussian(Double.NaN, 1)).hasMessageContaining("q");
    }

    @Test
    void construct_negativeOrNonFiniteNoise_refusedNamingZ() {
        assertThatThrownBy(() -> new SampledGaussian(0.1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("z");
        assertThatThrownBy(() -> new SampledGaussian(0.1, Double.NaN)).hasMessageContaining("z");
        assertThatThrownBy(() -> new SampledGaussian(0.1, Double.POSITIVE_INFINITY)).hasMessageContaining("z");
    }

    @Test
    void rdp_orderAtMostOne_refused() {
        SampledGaussian mechanism = new SampledGaussian(0.1, 1);

        assertThatThrownBy(() -> mechanism.rdp(1.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order");
        assertThatThrownBy(() -> mechanism.rdp(0.5)).hasMessageContaining("order");
        assertThatThrownBy(() -> mechanism.rdp(new double[] {2, Double.NaN})).hasMessageContaining("order");
    }
}
