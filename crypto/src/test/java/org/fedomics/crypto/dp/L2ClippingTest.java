package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class L2ClippingTest {

    @Test
    void clip_longVector_scaledToTheClipNormInTheSameDirection() {
        double[] clipped = L2Clipping.clip(new double[] {3, 4}, 1.0);

        assertThat(clipped[0]).isCloseTo(0.6, within(1e-15));
        assertThat(clipped[1]).isCloseTo(0.8, within(1e-15));
    }

    @Test
    void clip_shortVector_unchanged_andInputNotModified() {
        double[] input = {0.3, -0.4};

        assertThat(L2Clipping.clip(input, 1.0)).containsExactly(0.3, -0.4);
        assertThat(L2Clipping.clip(new double[] {3, 4}, 5.0)).containsExactly(3, 4);
        double[] longer = {30, 40};
        L2Clipping.clip(longer, 1.0);
        assertThat(longer).containsExactly(30, 40);
    }

    @Test
    void clip_zeroVector_staysZero_withoutDividingByZero() {
        assertThat(L2Clipping.clip(new double[] {0, 0, 0}, 1.0)).containsExactly(0, 0, 0);
        assertThat(L2Clipping.clip(new double[] {}, 1.0)).isEmpty();
        assertThat(L2Clipping.scaleFor(0, 1.0)).isEqualTo(1.0);
    }

    @Test
    void clip_hugeValues_normDoesNotOverflow() {
        double[] clipped = L2Clipping.clip(new double[] {3e200, 4e200}, 1.0);

        assertThat(L2Clipping.norm(new double[] {3e200, 4e200})).isCloseTo(5e200, within(1e186));
        assertThat(clipped[0]).isCloseTo(0.6, within(1e-15));
        assertThat(L2Clipping.norm(clipped)).isLessThanOrEqualTo(1.0 + 1e-15);
    }

    @Test
    void clip_nanOrInfinity_refusedNamingTheIndex() {
        assertThatThrownBy(() -> L2Clipping.clip(new double[] {1, Double.NaN}, 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 1").hasMessageContaining("NaN");
        assertThatThrownBy(() -> L2Clipping.clip(new double[] {Double.POSITIVE_INFINITY, 1}, 1.0))
                .hasMessageContaining("value 0").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> L2Clipping.clip(new double[] {1e308, 1e308, Double.NEGATIVE_INFINITY}, 1.0))
                .hasMessageContaining("value 2");
    }

    @Test
    void clip_badClipNorm_refused() {
        for (double c : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> L2Clipping.clip(new double[] {1}, c)).as("C=%s", c)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clip norm");
        }
    }

    @Test
    void scaleFor_badNorm_refused() {
        assertThatThrownBy(() -> L2Clipping.scaleFor(Double.NaN, 1)).hasMessageContaining("norm");
        assertThatThrownBy(() -> L2Clipping.scaleFor(-1, 1)).hasMessageContaining("norm");
    }
}
