package org.fedomics.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryScoresTest {

    @Test
    void auc_handComputedExampleWithATie() {
        // positives 0.8, 0.5, 0.3; negatives 0.5, 0.2, 0.1.
        // Of the 9 (positive, negative) pairs the positive ranks higher in 7, ties in 1 (0.5 vs 0.5): (7 + 0.5) / 9
        BinaryScores scores = new BinaryScores();
        scores.add(true, 0.8);
        scores.add(false, 0.5);
        scores.add(true, 0.5);
        scores.add(false, 0.2);
        scores.add(true, 0.3);
        scores.add(false, 0.1);

        assertThat(scores.auc()).isCloseTo(7.5 / 9, within(1e-12));
    }

    @Test
    void auc_allTied_isOneHalf() {
        BinaryScores scores = new BinaryScores();
        scores.add(true, 1.0);
        scores.add(false, 1.0);
        scores.add(true, 1.0);
        scores.add(false, 1.0);

        assertThat(scores.auc()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void auc_perfectAndReversedRanking() {
        BinaryScores perfect = new BinaryScores();
        perfect.add(true, 2.0);
        perfect.add(false, -1.0);
        BinaryScores reversed = new BinaryScores();
        reversed.add(true, -2.0);
        reversed.add(false, 1.0);

        assertThat(perfect.auc()).isEqualTo(1.0);
        assertThat(reversed.auc()).isEqualTo(0.0);
    }

    @Test
    void accuracy_marginZero_countsAsNegative() {
        BinaryScores scores = new BinaryScores();
        scores.add(true, 0.0);    // predicted negative: wrong
        scores.add(false, 0.0);   // predicted negative: right
        scores.add(true, 0.01);   // right
        scores.add(false, 0.5);   // wrong

        assertThat(scores.accuracy()).isEqualTo(0.5);
    }

    @Test
    void auc_oneClassOnly_isNaN() {
        BinaryScores positives = new BinaryScores();
        positives.add(true, 0.3);
        positives.add(true, 0.7);
        BinaryScores negatives = new BinaryScores();
        negatives.add(false, 0.3);

        assertThat(positives.auc()).isNaN();
        assertThat(negatives.auc()).isNaN();
        assertThat(positives.accuracy()).isEqualTo(1.0);
    }

    @Test
    void accuracyAndAuc_empty_areNaN() {
        assertThat(new BinaryScores().accuracy()).isNaN();
        assertThat(new BinaryScores().auc()).isNaN();
    }

    @Test
    void addAll_poolsTheOtherScores() {
        BinaryScores a = new BinaryScores();
        a.add(true, 1.0);
        BinaryScores b = new BinaryScores();
        b.add(false, -1.0);
        b.add(false, 2.0);
        a.addAll(b);

        assertThat(a.size()).isEqualTo(3);
        assertThat(a.auc()).isCloseTo(0.5, within(1e-12));
        assertThat(a.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    }
}
