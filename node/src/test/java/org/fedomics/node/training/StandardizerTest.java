package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void apply_knownRows_zScoreWithSampleStandardDeviation() {
        // column 0: 1, 2, 3 -> mean 2, sd 1; column 1: 10, 20, 60 -> mean 30, sd sqrt(700)
        Standardizer s = Standardizer.fit(List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 60}));

        double[] z = s.apply(new double[] {4, 30 + Math.sqrt(700)});

        assertThat(z[0]).isCloseTo(2.0, within(1e-12));
        assertThat(z[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void apply_constantFeature_isZeroForAnyValue() {
        Standardizer s = Standardizer.fit(List.of(new double[] {5, 1}, new double[] {5, 2}, new double[] {5, 3}));

        assertThat(s.apply(new double[] {5, 2})[0]).isEqualTo(0.0);
        assertThat(s.apply(new double[] {9, 2})[0]).isEqualTo(0.0);
        assertThat(s.apply(new double[] {5, 3})[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void apply_singleRow_everyFeatureZero() {
        Standardizer s = Standardizer.fit(List.of(new double[] {3, -4}));

        assertThat(s.apply(new double[] {7, 8})).containsExactly(0.0, 0.0);
    }

    @Test
    void of_givenMeansAndSds_zScoresWithThem_zeroSdMarksAConstantFeature() {
        Standardizer s = Standardizer.of(new double[] {1, -2, 7}, new double[] {2, 0.5, 0});

        double[] z = s.apply(new double[] {5, -3, 100});

        assertThat(z[0]).isCloseTo(2.0, within(1e-12));
        assertThat(z[1]).isCloseTo(-2.0, within(1e-12));
        assertThat(z[2]).isEqualTo(0.0);
    }

    @Test
    void of_mismatchedOrInvalidMoments_refused() {
        assertThatThrownBy(() -> Standardizer.of(new double[2], new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 means and 3 standard deviations");
        assertThatThrownBy(() -> Standardizer.of(new double[] {0}, new double[] {-1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Standardizer.of(new double[] {Double.NaN}, new double[] {1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void apply_rowOfAnotherWidth_refused() {
        assertThatThrownBy(() -> Standardizer.of(new double[2], new double[2]).apply(new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fit_noRows_refused() {
        assertThatThrownBy(() -> Standardizer.fit(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
