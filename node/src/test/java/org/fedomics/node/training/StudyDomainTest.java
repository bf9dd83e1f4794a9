package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The study's shared domain, and the mapping from study feature order to Tribuo's columns. */
class StudyDomainTest {

    @Test
    void construct_duplicateFeature_refused() {
        assertThatThrownBy(() -> new StudyDomain(List.of("g1", "g2", "g1"), List.of("no", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicates");
    }

    @Test
    void construct_noFeature_refused() {
        assertThatThrownBy(() -> new StudyDomain(List.of(), List.of("no", "yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void construct_labelCountOtherThanTwo_refused() {
        assertThatThrownBy(() -> new StudyDomain(List.of("g1"), List.of("yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly two");
        assertThatThrownBy(() -> new StudyDomain(List.of("g1"), List.of("a", "b", "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly two");
    }

    @Test
    void construct_sameLabelTwice_refused() {
        assertThatThrownBy(() -> new StudyDomain(List.of("g1"), List.of("yes", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
    }

    @Test
    void column_featuresOutOfNameOrder_followTribuoIds() {
        StudyDomain domain = new StudyDomain(List.of("c", "a", "b"), List.of("no", "yes"));

        // Tribuo numbers features in name order, whatever order the study lists them in
        assertThat(domain.featureMap().getID("a")).isEqualTo(0);
        assertThat(domain.featureMap().getID("b")).isEqualTo(1);
        assertThat(domain.featureMap().getID("c")).isEqualTo(2);
        assertThat(domain.column(0)).isEqualTo(2);
        assertThat(domain.column(1)).isEqualTo(0);
        assertThat(domain.column(2)).isEqualTo(1);
    }

    @Test
    void margin_onlyWeightOnFeatureB_comesFromTheBValue() {
        StudyDomain domain = new StudyDomain(List.of("c", "a", "b"), List.of("no", "yes"));
        // rows: label "no" (id 0), label "yes" (id 1); columns: Tribuo ids a=0, b=1, c=2, then the bias
        double[] weights = new double[2 * 4];
        weights[4 + 1] = 2.0; // "yes" row, column of b
        ModelParameters model = ModelParameters.of(2, 4, weights);

        double margin = LocalTraining.margin(domain, model, new double[] {5.0, 7.0, 3.0}); // c=5, a=7, b=3

        assertThat(margin).isEqualTo(6.0);
    }

    @Test
    void margin_biasAndNegativeRow_enterWithTheirSigns() {
        StudyDomain domain = new StudyDomain(List.of("c", "a", "b"), List.of("no", "yes"));
        double[] weights = new double[2 * 4];
        weights[3] = 0.5;       // "no" bias
        weights[4 + 3] = 2.0;   // "yes" bias
        weights[2] = 1.0;       // "no" row, column of c
        ModelParameters model = ModelParameters.of(2, 4, weights);

        assertThat(LocalTraining.margin(domain, model, new double[] {5.0, 7.0, 3.0})).isEqualTo(2.0 - 0.5 - 5.0);
    }

    @Test
    void labelRow_negativeFirst() {
        StudyDomain domain = new StudyDomain(List.of("g"), List.of("zz-negative", "aa-positive"));

        assertThat(domain.labelRow("zz-negative")).isEqualTo(0);
        assertThat(domain.labelRow("aa-positive")).isEqualTo(1);
        assertThat(domain.zeroModel().rows()).isEqualTo(2);
        assertThat(domain.zeroModel().columns()).isEqualTo(2);
    }
}
