package org.fedomics.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainedStudy;
import org.junit.jupiter.api.Test;

/** Which standardization a study's blocks get: the consortium's, or (record-level DP) their own records'. */
class BlockStandardizationTest {
    private final StudyRequest study = Studies.request(List.of("g1", "g2"), 2, 1L);
    private final List<double[]> rows = List.of(new double[] {1, 10}, new double[] {3, 30});
    private final FeatureStandardization consortium = new FeatureStandardization(3, 2,
            new double[] {0, 0, 1, 1, 2, 2}, new double[] {1, 1, 2, 2, 4, 4});

    @Test
    void forStudy_withoutPrivacyPlan_usesTheConsortiumsStatisticsForEachBlock() {
        BlockStandardization standardization = BlockStandardization.forStudy(trained(study, Optional.of(consortium)));

        assertThat(standardization.forBlock(1, rows).apply(new double[] {5, 5})).containsExactly(2.0, 2.0);
        assertThat(standardization.forBlock(2, rows).apply(new double[] {6, 2})).containsExactly(1.0, 0.0);
    }

    @Test
    void forStudy_withoutPrivacyPlan_missingOrMisshapenStatistics_refused() {
        assertThatThrownBy(() -> BlockStandardization.forStudy(trained(study, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none were given");
        FeatureStandardization threeFeatures = new FeatureStandardization(3, 3, new double[9], new double[9]);
        assertThatThrownBy(() -> BlockStandardization.forStudy(trained(study, Optional.of(threeFeatures))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 features does not fit the study's 3 x 2");
    }

    private static TrainedStudy trained(StudyRequest request, Optional<FeatureStandardization> consortium) {
        return TrainedStudy.of(new StudyDefinition("study-1", "dr-who", request), consortium);
    }

    @Test
    void forStudy_recordLevelPrivacyPlan_eachBlockUsesItsOwnRecords() {
        StudyRequest privateStudy = Studies.privateRequest(List.of("g1", "g2"), 2, 1L);

        BlockStandardization standardization = BlockStandardization.forStudy(trained(privateStudy, Optional.empty()));

        // own records: means (2, 20), sds (sqrt 2, sqrt 200)
        double[] z = standardization.forBlock(0, rows).apply(new double[] {2 + Math.sqrt(2), 20});
        assertThat(z[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(z[1]).isEqualTo(0.0);
    }
}
