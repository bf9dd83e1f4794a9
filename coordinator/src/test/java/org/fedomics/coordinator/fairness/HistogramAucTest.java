package org.fedomics.coordinator.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** AUC from summed score histograms, against the pairwise AUC of the same scores. */
class HistogramAucTest {

    @Test
    void of_handComputedHistograms_knownAnswers() {
        assertThat(HistogramAuc.of(new long[] {2, 0, 0, 0}, new long[] {0, 0, 0, 3})).isEqualTo(1.0);
        assertThat(HistogramAuc.of(new long[] {0, 0, 0, 2}, new long[] {3, 0, 0, 0})).isEqualTo(0.0);
        assertThat(HistogramAuc.of(new long[] {0, 4, 0, 0}, new long[] {0, 3, 0, 0})).as("all tied").isEqualTo(0.5);
        // negatives [3,2,1,0], positives [0,1,3,2]: (3 x 6 + 2 x 5.5 + 1 x 3.5) / 36
        assertThat(HistogramAuc.of(new long[] {3, 2, 1, 0}, new long[] {0, 1, 3, 2})).isCloseTo(32.5 / 36, within(1e-15));
    }

    @Test
    void of_withoutPositivesOrNegatives_isNaN() {
        assertThat(HistogramAuc.of(new long[] {1, 2}, new long[] {0, 0})).isNaN();
        assertThat(HistogramAuc.of(new long[] {0, 0}, new long[] {1, 0})).isNaN();
        assertThatThrownBy(() -> HistogramAuc.of(new long[2], new long[3])).hasMessageContaining("bins");
    }

    /** Scores already at bin resolution (one value per bin): the histogram AUC is exactly the pairwise AUC, ties counting half. */
    @Property(tries = 300)
    void of_binnedScores_equalsPairwiseAucWithHalfTies(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 19) Integer> negatives,
                                                        @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 19) Integer> positives) {
        long[] n = new long[20];
        long[] p = new long[20];
        negatives.forEach(b -> n[b]++);
        positives.forEach(b -> p[b]++);

        assertThat(HistogramAuc.of(n, p)).isCloseTo(pairwise(negatives.stream().map(Integer::doubleValue).toList(),
                positives.stream().map(Integer::doubleValue).toList()), within(1e-12));
    }

    /** Unbinned scores: the histogram AUC is off by at most half the share of pairs that share a bin. */
    @Property(tries = 300)
    void of_rawScores_withinHalfTheSameBinPairsOfThePairwiseAuc(
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 1) Double> negatives,
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 1) Double> positives) {
        long[] n = new long[20];
        long[] p = new long[20];
        negatives.forEach(s -> n[bin(s)]++);
        positives.forEach(s -> p[bin(s)]++);
        double sameBin = 0;
        for (int b = 0; b < 20; b++) {
            sameBin += (double) n[b] * p[b];
        }

        double bound = 0.5 * sameBin / ((double) negatives.size() * positives.size());
        assertThat(Math.abs(HistogramAuc.of(n, p) - pairwise(negatives, positives))).isLessThanOrEqualTo(bound + 1e-12);
    }

    private static int bin(double score) {
        return Math.min(19, (int) Math.floor(score * 20));
    }

    private static double pairwise(List<Double> negatives, List<Double> positives) {
        double correct = 0;
        for (double positive : positives) {
            for (double negative : negatives) {
                correct += positive > negative ? 1 : positive == negative ? 0.5 : 0;
            }
        }
        return correct / ((double) positives.size() * negatives.size());
    }
}
