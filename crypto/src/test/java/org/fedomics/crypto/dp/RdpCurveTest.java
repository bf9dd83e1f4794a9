package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RdpCurveTest {
    private static final double[] TWO_TO_32 = java.util.stream.IntStream.rangeClosed(2, 32).asDoubleStream().toArray();

    @Test
    void toDp_constantRdpOf1point1_is1point3278AtOrder32() {
        double[] rdp = new double[TWO_TO_32.length];
        Arrays.fill(rdp, 1.1);

        PrivacySpend spend = RdpCurve.of(TWO_TO_32, rdp).toDp(1e-5);

        assertThat(spend.epsilon()).isCloseTo(1.32783806, withinPercentage(0.01));
        assertThat(spend.order()).isEqualTo(32);
    }

    @Test
    void defaultOrders_areDpAccountingsGrid() {
        double[] orders = RdpCurve.defaultOrders();

        assertThat(orders).hasSize(156);
        assertThat(orders[0]).isEqualTo(1.1);
        assertThat(orders[98]).isEqualTo(10.9);
        assertThat(orders[99]).isEqualTo(11);
        assertThat(orders[151]).isEqualTo(63);
        assertThat(Arrays.copyOfRange(orders, 152, 156)).containsExactly(128, 256, 512, 1024);
    }

    @Test
    void plus_addsOrderByOrder_andTimesIsRepeatedPlus() {
        RdpCurve a = RdpCurve.of(new double[] {2, 3}, new double[] {0.1, 0.25});
        RdpCurve b = RdpCurve.of(new double[] {2, 3}, new double[] {0.5, 1.0});

        assertThat(a.plus(b).epsilons()).containsExactly(0.6, 1.25);
        assertThat(a.times(3).epsilons()).containsExactly(a.plus(a).plus(a).epsilons());
    }

    @Test
    void composition_ofTwoMechanisms_spendsMoreThanEitherAlone() {
        double[] orders = RdpCurve.defaultOrders();
        RdpCurve first = new SampledGaussian(0.01, 1.1).rdp(orders).times(500);
        RdpCurve second = new SampledGaussian(0.02, 2.0).rdp(orders).times(300);

        double both = first.plus(second).toDp(1e-5).epsilon();

        assertThat(both).isGreaterThan(first.toDp(1e-5).epsilon()).isGreaterThan(second.toDp(1e-5).epsilon());
        assertThat(both).isLessThan(first.toDp(1e-5).epsilon() + second.toDp(1e-5).epsilon());
    }

    @Test
    void plus_differentOrders_refused() {
        RdpCurve a = RdpCurve.zero(new double[] {2, 3});
        RdpCurve b = RdpCurve.zero(new double[] {2, 4});

        assertThatThrownBy(() -> a.plus(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders");
    }

    @Test
    void toDp_deltaOutsideZeroOne_refusedNamingDelta() {
        RdpCurve curve = RdpCurve.zero(TWO_TO_32);

        for (double delta : new double[] {0, 1, -1e-5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> curve.toDp(delta)).as("delta %s", delta)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
        }
    }

    @Test
    void times_negativeSteps_refused() {
        assertThatThrownBy(() -> RdpCurve.zero(TWO_TO_32).times(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps");
    }

    @Test
    void of_badValues_refused() {
        assertThatThrownBy(() -> RdpCurve.of(new double[] {2}, new double[] {-0.1})).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> RdpCurve.of(new double[] {2}, new double[] {Double.NaN})).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> RdpCurve.of(new double[] {2, 3}, new double[] {0})).hasMessageContaining("as many");
        assertThatThrownBy(() -> RdpCurve.of(new double[] {}, new double[] {})).hasMessageContaining("at least one");
        assertThatThrownBy(() -> RdpCurve.of(new double[] {1}, new double[] {0})).hasMessageContaining("order");
    }

    @Test
    void accessors_returnCopies() {
        RdpCurve curve = RdpCurve.of(new double[] {2}, new double[] {0.5});
        curve.orders()[0] = 99;
        curve.epsilons()[0] = 99;

        assertThat(curve.orders()).containsExactly(2);
        assertThat(curve.epsilons()).containsExactly(0.5);
    }
}
