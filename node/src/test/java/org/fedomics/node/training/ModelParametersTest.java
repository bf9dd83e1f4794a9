package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelParametersTest {

    @Test
    void of_nanValue_refused() {
        assertThatThrownBy(() -> ModelParameters.of(1, 2, new double[] {0.0, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void of_infiniteValue_refused() {
        assertThatThrownBy(() -> ModelParameters.of(1, 2, new double[] {Double.NEGATIVE_INFINITY, 0.0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void of_valueCountNotMatchingShape_refused() {
        assertThatThrownBy(() -> ModelParameters.of(2, 3, new double[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x3");
    }

    @Test
    void of_callerArrayChangedLater_parametersUnchanged() {
        double[] values = {1, 2, 3, 4};
        ModelParameters p = ModelParameters.of(2, 2, values);
        values[0] = 99;
        p.toArray()[1] = 99;

        assertThat(p.toArray()).containsExactly(1, 2, 3, 4);
        assertThat(p.get(1, 0)).isEqualTo(3);
    }

    @Test
    void sha256_sameValues_sameDigest_otherShape_otherDigest() {
        double[] values = {1, 2, 3, 4};

        assertThat(ModelParameters.of(2, 2, values).sha256()).isEqualTo(ModelParameters.of(2, 2, values).sha256());
        assertThat(ModelParameters.of(1, 4, values).sha256()).isNotEqualTo(ModelParameters.of(2, 2, values).sha256());
    }
}
