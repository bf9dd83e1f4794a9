package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    @Test
    void encode_negativeAndPositive_twosComplementModTwoToTheK() {
        FixedPoint codec = new FixedPoint(16, 1.0, 1000);
        assertThat(codec.encode(new double[] {0.5, -0.5, 0.0, -0.0004, 1.0, -1.0}))
                .containsExactly(500, 65536 - 500, 0, 0, 1000, 65536 - 1000);
    }

    @Test
    void encode_valuesBeyondTheClip_areClipped() {
        FixedPoint codec = new FixedPoint(32, 2.0, 100);
        assertThat(codec.decode(codec.encode(new double[] {5.0, -7.5, 1.234})))
                .containsExactly(new double[] {2.0, -2.0, 1.23}, within(1e-12));
    }

    @Test
    void encode_nanOrInfinity_refusedNamingTheIndex() {
        FixedPoint codec = new FixedPoint(32, 1.0, 100);
        assertThatThrownBy(() -> codec.encode(new double[] {0, 1, Double.NaN})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value 2 is NaN; only finite values can be encoded");
        assertThatThrownBy(() -> codec.encode(new double[] {Double.NEGATIVE_INFINITY}))
                .hasMessage("value 0 is -Infinity; only finite values can be encoded");
    }

    @Test
    void decode_sumOfManyNodesModTwoToTheK_isTheSumOfTheQuantizedInputs() {
        int nodes = 100;
        FixedPoint codec = FixedPoint.forNodes(nodes, 32, 1.0);
        assertThat(codec.fits(nodes)).isTrue();
        SplittableRandom random = new SplittableRandom(5);
        int length = 1000;
        long[] sum = new long[length];
        double[] expected = new double[length];
        for (int node = 0; node < nodes; node++) {
            double[] values = random.doubles(length, -1.5, 1.5).toArray();
            // every node at the clip at once is the worst case for overflow
            java.util.Arrays.fill(values, 0, 10, 1.0);
            java.util.Arrays.fill(values, 10, 20, -1.0);
            long[] encoded = codec.encode(values);
            for (int i = 0; i < length; i++) {
                sum[i] = (sum[i] + encoded[i]) & 0xFFFF_FFFFL;
                expected[i] += Math.max(-1, Math.min(1, values[i]));
            }
        }
        double[] decoded = codec.decode(sum);
        double tolerance = nodes * 0.5 / codec.scale();
        for (int i = 0; i < length; i++) {
            assertThat(decoded[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance));
        }
        assertThat(decoded[0]).isEqualTo(100.0);
        assertThat(decoded[10]).isEqualTo(-100.0);
    }

    @Test
    void forNodes_picksTheFinestPowerOfTwoScaleThatCannotOverflow() {
        FixedPoint codec = FixedPoint.forNodes(100, 32, 1.0);
        // 100 x q < 2^31: q <= 21474836, the largest power of two scale is 2^24 = 16777216
        assertThat(codec.scale()).isEqualTo(0x1p24);
        assertThat(codec.maxQuantized()).isEqualTo(1L << 24);
        assertThat(codec.maxNodes()).isEqualTo(((1L << 31) - 1) >> 24);
        assertThat(codec.fits(127)).isTrue();
        assertThat(codec.fits(128)).isFalse();
        assertThat(FixedPoint.forNodes(3, 62, 0.25).scale()).isEqualTo(0x1p52);
    }

    @Test
    void requireNodes_sumCouldWrapAround_refused() {
        FixedPoint codec = new FixedPoint(16, 1.0, 1000);
        codec.requireNodes(32);
        assertThatThrownBy(() -> codec.requireNodes(33)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the sum of 33 inputs clipped to 1.0 at scale 1000.0 can overflow 2^15");
    }

    @Test
    void constructor_parametersOutOfRange_refused() {
        assertThatThrownBy(() -> new FixedPoint(7, 1, 1)).hasMessageContaining("modulus bits 7 must be 8..62");
        assertThatThrownBy(() -> new FixedPoint(32, 0, 1)).hasMessageContaining("clip must be positive");
        assertThatThrownBy(() -> new FixedPoint(32, Double.NaN, 1)).hasMessageContaining("clip must be positive");
        assertThatThrownBy(() -> new FixedPoint(32, 1, -1)).hasMessageContaining("scale must be in");
        assertThatThrownBy(() -> new FixedPoint(16, 1, 40000)).hasMessageContaining("does not fit in 15 bits");
        assertThatThrownBy(() -> FixedPoint.forNodes(1 << 20, 16, 1)).hasMessageContaining("do not fit in 16 bits");
    }
}
