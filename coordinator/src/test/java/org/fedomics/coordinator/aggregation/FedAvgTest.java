package org.fedomics.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fedomics.consent.study.ParameterBlocks;
import org.junit.jupiter.api.Test;

/** FedAvg against weighted means computed by hand. */
class FedAvgTest {
    private final FedAvg fedAvg = new FedAvg();

    /** A node's update: counts, and count x local parameters per block. */
    private static ParameterBlocks update(long[] counts, double[][] localPerBlock) {
        int size = localPerBlock[0].length;
        double[] weighted = new double[counts.length * size];
        for (int b = 0; b < counts.length; b++) {
            for (int i = 0; i < size; i++) {
                weighted[b * size + i] = counts[b] * localPerBlock[b][i];
            }
        }
        return new ParameterBlocks(counts.length, 1, size, counts, weighted);
    }

    /** What secure aggregation hands FedAvg: the element-wise sum of the updates and of their counts. */
    private static ParameterBlocks sum(ParameterBlocks a, ParameterBlocks b) {
        long[] counts = a.counts();
        double[] values = a.values();
        for (int i = 0; i < counts.length; i++) {
            counts[i] += b.counts()[i];
        }
        for (int i = 0; i < values.length; i++) {
            values[i] += b.values()[i];
        }
        return new ParameterBlocks(a.blocks(), a.rows(), a.columns(), counts, values);
    }

    @Test
    void nextGlobal_twoNodesTwoBlocksDifferentCounts_isTheRecordWeightedMean() {
        // node A: 3 records in block 0 with (1, 2), 5 in block 1 with (10, -4)
        // node B: 1 record in block 0 with (5, -2), 3 in block 1 with (2, 4)
        ParameterBlocks a = update(new long[] {3, 5}, new double[][] {{1, 2}, {10, -4}});
        ParameterBlocks b = update(new long[] {1, 3}, new double[][] {{5, -2}, {2, 4}});
        ParameterBlocks current = new ParameterBlocks(2, 1, 2, new long[2], new double[] {9, 9, 9, 9});

        ParameterBlocks next = fedAvg.nextGlobal(current, sum(a, b));

        // block 0: ((3*1 + 1*5)/4, (3*2 + 1*-2)/4) = (2, 1); block 1: ((5*10 + 3*2)/8, (5*-4 + 3*4)/8) = (7, -1)
        assertThat(next.values()).containsExactly(2, 1, 7, -1);
        assertThat(next.counts()).containsExactly(0, 0);
        assertThat(next.blocks()).isEqualTo(2);
        assertThat(next.rows()).isEqualTo(1);
        assertThat(next.columns()).isEqualTo(2);
    }

    @Test
    void nextGlobal_unequalCounts_isNotTheUnweightedMean() {
        ParameterBlocks a = update(new long[] {9}, new double[][] {{0}});
        ParameterBlocks b = update(new long[] {1}, new double[][] {{10}});

        ParameterBlocks next = fedAvg.nextGlobal(new ParameterBlocks(1, 1, 1, new long[1], new double[1]),
                sum(a, b));

        assertThat(next.values()).containsExactly(1.0);
    }

    @Test
    void nextGlobal_blockNoNodeTrained_keepsTheCurrentGlobal() {
        ParameterBlocks a = update(new long[] {2, 0}, new double[][] {{4, 6}, {0, 0}});
        ParameterBlocks b = update(new long[] {2, 0}, new double[][] {{2, 2}, {0, 0}});
        ParameterBlocks current = new ParameterBlocks(2, 1, 2, new long[2], new double[] {0.5, 0.5, 0.25, -0.75});

        ParameterBlocks next = fedAvg.nextGlobal(current, sum(a, b));

        assertThat(next.values()).containsExactly(3, 4, 0.25, -0.75);
    }

    @Test
    void nextGlobal_summedUpdateOfAnotherShape_refused() {
        ParameterBlocks current = new ParameterBlocks(2, 1, 2, new long[2], new double[4]);
        ParameterBlocks other = new ParameterBlocks(2, 2, 1, new long[] {1, 1}, new double[4]);

        assertThatThrownBy(() -> fedAvg.nextGlobal(current, other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nextGlobal_doesNotChangeItsInputs() {
        ParameterBlocks current = new ParameterBlocks(1, 1, 2, new long[1], new double[] {1, 1});
        ParameterBlocks sum = new ParameterBlocks(1, 1, 2, new long[] {2}, new double[] {4, 8});

        fedAvg.nextGlobal(current, sum);

        assertThat(current.values()).containsExactly(1, 1);
        assertThat(sum.values()).containsExactly(4, 8);
    }
}
