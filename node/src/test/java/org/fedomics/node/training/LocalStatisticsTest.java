package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.node.dataset.ExpressionMatrix;
import org.junit.jupiter.api.Test;

/** A hospital's statistics per parameter block, against sums worked out by hand. */
class LocalStatisticsTest {
    // samples a..d with features (f1, f2); study order is (f2, f1)
    private final ExpressionMatrix matrix = new ExpressionMatrix(List.of("a", "b", "c", "d"), List.of("f1", "f2"),
            new float[][] {{1, 10}, {2, 20}, {3, -30}, {4, 0.5f}});
    private final List<String> features = List.of("f2", "f1");
    private final FeatureAlignment rows = FeatureAlignment.of(matrix, features);
    // folds: a and b in fold 0, c in fold 1, d is not permitted
    private final List<CohortMember> permitted = List.of(new CohortMember("a", "p-a", "yes", 0),
            new CohortMember("b", "p-b", "no", 0), new CohortMember("c", "p-c", "yes", 1));

    @Test
    void of_eachFoldBlockLeavesItsFoldOut_finalBlockSumsEveryPermittedRecord() {
        FeatureStatistics statistics = LocalStatistics.of(rows, permitted, 2, features);

        assertThat(statistics.blocks()).isEqualTo(3);
        assertThat(statistics.counts()).containsExactly(1, 2, 3);
        // block 0 (without fold 0): c only
        assertThat(statistics.sum(0, 0)).isEqualTo(-30);
        assertThat(statistics.sumOfSquares(0, 0)).isEqualTo(900);
        assertThat(statistics.sum(0, 1)).isEqualTo(3);
        // block 1 (without fold 1): a and b
        assertThat(statistics.sum(1, 0)).isEqualTo(30);
        assertThat(statistics.sumOfSquares(1, 0)).isEqualTo(500);
        assertThat(statistics.sum(1, 1)).isEqualTo(3);
        assertThat(statistics.sumOfSquares(1, 1)).isEqualTo(5);
        // final block: a, b and c; d (not permitted) is in no sum
        assertThat(statistics.sum(2, 0)).isEqualTo(0);
        assertThat(statistics.sumOfSquares(2, 0)).isEqualTo(1400);
        assertThat(statistics.sum(2, 1)).isEqualTo(6);
        assertThat(statistics.sumOfSquares(2, 1)).isCloseTo(14, within(1e-12));
    }

    @Test
    void of_aValueBeyondTheLimit_refusedNamingTheFeature() {
        ExpressionMatrix raw = new ExpressionMatrix(List.of("a", "b"), List.of("f1", "f2"), new float[][] {{1, 2}, {3, 1500}});
        FeatureAlignment rawRows = FeatureAlignment.of(raw, features);
        List<CohortMember> both = List.of(new CohortMember("a", "p-a", "yes", 0), new CohortMember("b", "p-b", "no", 1));

        assertThatThrownBy(() -> LocalStatistics.of(rawRows, both, 2, features)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature f2").hasMessageContaining("1024").hasMessageNotContaining("1500");
        assertThat(LocalStatistics.outOfRange(rawRows, both, features)).hasValueSatisfying(why -> assertThat(why).contains("f2"));
        assertThat(LocalStatistics.outOfRange(rawRows, both.subList(0, 1), features)).isEmpty();
        assertThat(LocalStatistics.outOfRange(rows, permitted, features)).isEmpty();
    }
}
