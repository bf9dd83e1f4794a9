package org.fedomics.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CrossFitFoldsTest {

    /** 13 "yes", 8 "no", 4 "maybe", with ids that do not sort in label order. */
    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            labels.put("r" + (i * 7919 % 101), i < 13 ? "yes" : i < 21 ? "no" : "maybe");
        }
        return labels;
    }

    @Test
    void assign_sameInputsTwice_sameFolds() {
        assertThat(CrossFitFolds.assign(labels(), 4, 99L)).isEqualTo(CrossFitFolds.assign(labels(), 4, 99L));
    }

    @Test
    void assign_otherSeed_otherFolds() {
        assertThat(CrossFitFolds.assign(labels(), 4, 1L)).isNotEqualTo(CrossFitFolds.assign(labels(), 4, 2L));
    }

    @Test
    void assign_everyRecordGetsAFoldInRange() {
        Map<String, Integer> folds = CrossFitFolds.assign(labels(), 4, 7L);

        assertThat(folds.keySet()).isEqualTo(labels().keySet());
        assertThat(folds.values()).allSatisfy(f -> assertThat(f).isBetween(0, 3));
    }

    @Test
    void assign_stratified_eachLabelsFoldCountsDifferByAtMostOne() {
        for (int k = 2; k <= 5; k++) {
            Map<String, Integer> folds = CrossFitFolds.assign(labels(), k, 7L);
            for (String label : List.of("yes", "no", "maybe")) {
                int[] counts = new int[k];
                labels().forEach((id, l) -> {
                    if (l.equals(label)) {
                        counts[folds.get(id)]++;
                    }
                });
                int min = java.util.Arrays.stream(counts).min().orElseThrow();
                int max = java.util.Arrays.stream(counts).max().orElseThrow();
                assertThat(max - min).as("label %s over %d folds: %s", label, k, java.util.Arrays.toString(counts)).isLessThanOrEqualTo(1);
            }
            int[] sizes = new int[k];
            folds.values().forEach(f -> sizes[f]++);
            assertThat(java.util.Arrays.stream(sizes).max().orElseThrow() - java.util.Arrays.stream(sizes).min().orElseThrow())
                    .as("fold sizes over %d folds", k).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void assign_mapIterationOrder_doesNotMatter() {
        Map<String, String> inOrder = labels();
        List<String> ids = new ArrayList<>(inOrder.keySet());
        Collections.reverse(ids);
        Map<String, String> reversed = new LinkedHashMap<>();
        ids.forEach(id -> reversed.put(id, inOrder.get(id)));
        Collections.shuffle(ids, new java.util.Random(3));
        Map<String, String> shuffled = new LinkedHashMap<>();
        ids.forEach(id -> shuffled.put(id, inOrder.get(id)));

        Map<String, Integer> expected = CrossFitFolds.assign(inOrder, 3, 5L);

        assertThat(CrossFitFolds.assign(reversed, 3, 5L)).isEqualTo(expected);
        assertThat(CrossFitFolds.assign(shuffled, 3, 5L)).isEqualTo(expected);
        assertThat(CrossFitFolds.assign(new HashMap<>(inOrder), 3, 5L)).isEqualTo(expected);
        assertThat(CrossFitFolds.assign(new TreeMap<>(inOrder), 3, 5L)).isEqualTo(expected);
    }

    @Test
    void assign_fewerThanTwoFolds_refused() {
        assertThatThrownBy(() -> CrossFitFolds.assign(labels(), 1, 7L)).isInstanceOf(IllegalArgumentException.class);
    }
}
