package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consortium's standardization on the wire: exact round trips, strict decoding, per-block views. */
class FeatureStandardizationTest {
    private final FeatureStandardization standardization = new FeatureStandardization(2, 3,
            new double[] {1, 2, 3, -4, 5.5, 0}, new double[] {0.5, 0, 2, 1, 1e-3, 7});

    @Test
    void encode_thenDecode_isTheSameStandardization() {
        FeatureStandardization read = FeatureStandardization.decode(standardization.encode());

        assertThat(read.means()).containsExactly(standardization.means());
        assertThat(read.sds()).containsExactly(standardization.sds());
        assertThat(read.sha256()).isEqualTo(standardization.sha256()).matches("[0-9a-f]{64}");
        assertThat(standardization.encode()).hasSize(16 + 16 * 6);
    }

    @Test
    void meansAndSds_ofABlock_areThatBlocksSlice() {
        assertThat(standardization.means(1)).containsExactly(-4, 5.5, 0);
        assertThat(standardization.sds(0)).containsExactly(0.5, 0, 2);
        assertThatThrownBy(() -> standardization.means(2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void select_keepsTheChosenFeaturesOfEveryBlock() {
        FeatureStandardization selected = standardization.select(new int[] {0, 2});

        assertThat(selected.blocks()).isEqualTo(2);
        assertThat(selected.features()).isEqualTo(2);
        assertThat(selected.means()).containsExactly(1, 3, -4, 0);
        assertThat(selected.sds()).containsExactly(0.5, 2, 1, 7);
    }

    @Test
    void select_indicesOutOfRangeOrOrder_refused() {
        for (int[] indices : List.of(new int[] {3}, new int[] {-1}, new int[] {2, 0}, new int[] {1, 1})) {
            assertThatThrownBy(() -> standardization.select(indices)).as(Arrays.toString(indices))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending and within 0..2");
        }
    }

    @Test
    void fits_onlyTheStudysBlocksAndFeatures() {
        // 2 folds: 3 blocks
        assertThat(new FeatureStandardization(3, 3, new double[9], new double[9]).fits(request(List.of("g1", "g2", "g3")))).isTrue();
        assertThat(new FeatureStandardization(3, 2, new double[6], new double[6]).fits(request(List.of("g1", "g2", "g3")))).isFalse();
        assertThat(standardization.fits(request(List.of("g1", "g2", "g3")))).as("2 blocks").isFalse();
    }

    private static StudyRequest request(List<String> features) {
        return new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", null), List.of(),
                new Outcome("relapse", "no", "yes"), features, new TrainingPlan(2, 1, 0.1, 2, 1L, 1, 2));
    }

    @Test
    void decode_malformedMessages_refusedSayingWhy() {
        byte[] valid = standardization.encode();
        byte[] otherVersion = valid.clone();
        ByteBuffer.wrap(otherVersion).putInt(4, 2);
        byte[] otherShape = valid.clone();
        ByteBuffer.wrap(otherShape).putInt(12, 4);

        assertThatThrownBy(() -> FeatureStandardization.decode(new ParameterBlocks(1, 1, 1, new long[1], new double[1]).encode()))
                .hasMessageContaining("not a standardization message");
        assertThatThrownBy(() -> FeatureStandardization.decode(otherVersion)).hasMessageContaining("version 2");
        assertThatThrownBy(() -> FeatureStandardization.decode(otherShape)).hasMessageContaining("declared shape 2x4");
        assertThatThrownBy(() -> FeatureStandardization.decode(Arrays.copyOf(valid, valid.length - 1))).hasMessageContaining("shape");
        assertThatThrownBy(() -> FeatureStandardization.decode(new byte[3])).hasMessageContaining("not a standardization");
    }

    @Test
    void constructor_negativeOrNonFiniteValues_refused() {
        assertThatThrownBy(() -> new FeatureStandardization(1, 1, new double[] {0}, new double[] {-1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureStandardization(1, 1, new double[] {Double.POSITIVE_INFINITY}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureStandardization(1, 2, new double[1], new double[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    }
}
