package org.fedomics.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fedomics.consent.study.ParameterBlocks;
import org.junit.jupiter.api.Test;

class PlainSumTest {

    @Test
    void of_twoUpdates_sumsCountsAndValues() {
        ParameterBlocks a = new ParameterBlocks(2, 1, 1, new long[] {1, 2}, new double[] {0.5, -1});
        ParameterBlocks b = new ParameterBlocks(2, 1, 1, new long[] {3, 0}, new double[] {1.5, 4});

        ParameterBlocks sum = PlainSum.of(List.of(a, b));

        assertThat(sum.counts()).containsExactly(4, 2);
        assertThat(sum.values()).containsExactly(2, 3);
    }

    @Test
    void of_updatesOfDifferentShapes_refused() {
        ParameterBlocks a = new ParameterBlocks(2, 1, 2, new long[2], new double[4]);
        ParameterBlocks b = new ParameterBlocks(1, 2, 2, new long[1], new double[4]);

        assertThatThrownBy(() -> PlainSum.of(List.of(a, b))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shapes");
    }

    @Test
    void of_nothing_refused() {
        assertThatThrownBy(() -> PlainSum.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
