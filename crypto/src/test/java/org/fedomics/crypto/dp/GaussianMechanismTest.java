package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class GaussianMechanismTest {
    private static final int SAMPLES = 400_000;

    @Test
    void privatize_zeros_noiseHasMeanZeroAndVarianceOfTheStddevSquared() {
        double z = 1.7;
        double[] noisy = new GaussianMechanism(InsecureSeededRandom.of(1)).privatize(new double[SAMPLES], 2.0, z);
        double sigma = GaussianMechanism.noiseStddev(SAMPLES, 2.0, z);
        double mean = mean(noisy);
        double variance = variance(noisy, mean);

        assertThat(sigma).isCloseTo(z * 2.0, within(1e-8));
        // five standard errors of each estimate
        assertThat(mean).isCloseTo(0, within(5 * sigma / Math.sqrt(SAMPLES)));
        assertThat(variance).isCloseTo(sigma * sigma, within(5 * sigma * sigma * Math.sqrt(2.0 / SAMPLES)));
        double withinOneSigma = java.util.Arrays.stream(noisy).filter(v -> Math.abs(v) <= sigma).count() / (double) SAMPLES;
        assertThat(withinOneSigma).isCloseTo(0.682689, within(5 * Math.sqrt(0.68 * 0.32 / SAMPLES)));
    }

    @Test
    void privatize_shiftedInput_noiseIsCentredOnTheInput() {
        double[] input = new double[SAMPLES];
        java.util.Arrays.fill(input, 12.345);

        double[] noisy = new GaussianMechanism(new SecureRandom()).privatize(input, 1.0, 0.5);

        assertThat(mean(noisy)).isCloseTo(12.345, within(5 * 0.5 / Math.sqrt(SAMPLES)));
    }

    @Test
    void privatize_outputsLieOnThePowerOfTwoGrid_whateverTheInputsLowBits() {
        double grid = GaussianMechanism.grid(1.0, 1.0);
        double[] noisy = new GaussianMechanism(new SecureRandom()).privatize(new double[] {0.1, 1.0 / 3, Math.PI, -7e-13}, 1.0, 1.0);

        assertThat(grid).isEqualTo(0x1p-40);
        for (double v : noisy) {
            assertThat(v / grid).as("%s in grid units", v).isEqualTo(Math.rint(v / grid));
        }
    }

    @Test
    void snap_commutesWithAddingAMultipleOfTheGrid() {
        double grid = 0x1p-10;
        for (double y : new double[] {0.3, -0.3, 5 * grid + grid / 2, -grid / 2, 123.456}) {
            assertThat(GaussianMechanism.snap(7 * grid + y, grid)).as("y=%s", y).isEqualTo(7 * grid + GaussianMechanism.snap(y, grid));
        }
        assertThat(GaussianMechanism.snap(1e300, grid)).isEqualTo(1e300);
    }

    @Test
    void privatize_sameSeed_sameNoise_otherSeed_otherNoise() {
        double[] input = {1, 2, 3};

        double[] a = new GaussianMechanism(InsecureSeededRandom.of(9)).privatize(input, 1, 1);
        double[] b = new GaussianMechanism(InsecureSeededRandom.of(9)).privatize(input, 1, 1);
        double[] c = new GaussianMechanism(InsecureSeededRandom.of(10)).privatize(input, 1, 1);

        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void privatize_zeroNoiseMultiplier_returnsACopyUnchanged() {
        double[] input = {0.1, -2};
        double[] out = new GaussianMechanism(new SecureRandom()).privatize(input, 1, 0);

        assertThat(out).containsExactly(0.1, -2).isNotSameAs(input);
    }

    @Test
    void noiseStddev_widensTheSensitivityByTheGridRounding() {
        double sigma = GaussianMechanism.noiseStddev(1_000_000, 1.0, 1.0);

        assertThat(sigma).isGreaterThan(1.0).isCloseTo(1.0 + 0x1p-40 * 1000, within(1e-15));
    }

    @Test
    void privatize_badInputs_refused() {
        GaussianMechanism mechanism = new GaussianMechanism(new SecureRandom());

        assertThatThrownBy(() -> mechanism.privatize(new double[] {1, Double.NaN}, 1, 1)).hasMessageContaining("value 1");
        assertThatThrownBy(() -> mechanism.privatize(new double[] {1}, 0, 1)).hasMessageContaining("sensitivity");
        assertThatThrownBy(() -> mechanism.privatize(new double[] {1}, 1, -1)).hasMessageContaining("noise multiplier");
        assertThatThrownBy(() -> mechanism.privatize(new double[] {1}, 1e-300, 1e-300)).hasMessageContaining("too small");
        assertThatThrownBy(() -> new GaussianMechanism(null)).hasMessageContaining("SecureRandom");
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
