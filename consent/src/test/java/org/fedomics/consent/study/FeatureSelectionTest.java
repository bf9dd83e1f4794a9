package org.fedomics.consent.study;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.junit.jupiter.api.Test;

/** Choosing the most variable features from the consortium's statistics, and the study trained on them. */
class FeatureSelectionTest {
    private static final List<String> FEATURES = List.of("g0", "g1", "g2", "g3", "g4");
    /** 2 folds, so 3 blocks; the last (every training record) decides: g3 > g1 = g4 > g0 > g2. */
    private static final FeatureStandardization CONSORTIUM = new FeatureStandardization(3, 5,
            new double[] {0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24},
            new double[] {9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 1.5, 2.5, 0.5, 4, 2.5});

    @Test
    void choose_takesTheLargestStandardDeviationsOfTheFinalBlock_inTheStudysOrder() {
        assertThat(new FeatureSelection(1).choose(CONSORTIUM)).containsExactly(3);
        assertThat(new FeatureSelection(2).choose(CONSORTIUM)).as("a tie goes to the earlier feature").containsExactly(1, 3);
        assertThat(new FeatureSelection(3).choose(CONSORTIUM)).containsExactly(1, 3, 4);
        assertThat(new FeatureSelection(5).choose(CONSORTIUM)).containsExactly(0, 1, 2, 3, 4);
    }

    @Property(tries = 200)
    void choose_keepsExactlyTheKLargest(@ForAll @IntRange(min = 1, max = 40) int features, @ForAll @IntRange(min = 1, max = 40) int k,
                                        @ForAll long seed) {
        int keep = Math.min(k, features);
        Random random = new Random(seed);
        double[] sds = IntStream.range(0, 2 * features).mapToDouble(i -> random.nextInt(6) / 2.0).toArray();
        FeatureStandardization consortium = new FeatureStandardization(2, features, new double[2 * features], sds);

        int[] chosen = new FeatureSelection(keep).choose(consortium);

        double[] last = consortium.sds(1);
        int[] expected = IntStream.range(0, features).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -last[i]).thenComparing(i -> i))
                .limit(keep).mapToInt(Integer::intValue).sorted().toArray();
        assertThat(chosen).containsExactly(expected);
        double smallestKept = Arrays.stream(chosen).mapToDouble(i -> last[i]).min().orElseThrow();
        IntStream.range(0, features).filter(i -> Arrays.stream(chosen).noneMatch(c -> c == i))
                .forEach(dropped -> assertThat(last[dropped]).isLessThanOrEqualTo(smallestKept));
    }

    @Test
    void choose_moreThanTheStandardizationHas_refused() {
        assertThatThrownBy(() -> new FeatureSelection(6).choose(CONSORTIUM)).hasMessageContaining("cannot keep 6 of 5 features");
        assertThatThrownBy(() -> new FeatureSelection(0)).hasMessageContaining("at least 1");
    }

    @Test
    void request_selectionOfAllOrMore_orUnderDifferentialPrivacy_refused() {
        assertThatThrownBy(() -> request(new FeatureSelection(5), PrivacyPlan.none()))
                .hasMessageContaining("fewer than the 5 features");
        assertThatThrownBy(() -> request(new FeatureSelection(2), PrivacyPlan.recordLevel(1, 1, 0.5, 1e-3, 100)))
                .hasMessageContaining("record-level differential privacy");
    }

    @Test
    void request_json_carriesTheSelection_andWithoutItHasNone() {
        StudyRequest selecting = request(new FeatureSelection(2), PrivacyPlan.none());

        assertThat(StrictJson.read(StrictJson.write(selecting), StudyRequest.class)).isEqualTo(ServiceResult.ok(selecting));
        assertThat(new String(StrictJson.write(selecting), UTF_8)).contains("\"featureSelection\":{\"mostVariable\":2}");
        StudyRequest all = request(null, PrivacyPlan.none());
        String withoutSelection = new String(StrictJson.write(all), UTF_8).replace(",\"featureSelection\":null", "");
        assertThat(withoutSelection).doesNotContain("featureSelection");
        assertThat(StrictJson.read(withoutSelection.getBytes(UTF_8), StudyRequest.class)).isEqualTo(ServiceResult.ok(all));
    }

    @Test
    void trainedStudy_withSelection_narrowsFeaturesAndStandardization() {
        StudyDefinition approved = new StudyDefinition("study-1", "dr-who", request(new FeatureSelection(3), PrivacyPlan.none()));

        TrainedStudy trained = TrainedStudy.of(approved, Optional.of(CONSORTIUM));

        assertThat(trained.definition().id()).isEqualTo("study-1");
        assertThat(trained.request().features()).containsExactly("g1", "g3", "g4");
        assertThat(trained.request().featureSelection()).isNull();
        assertThat(trained.request().plan()).isEqualTo(approved.request().plan());
        assertThat(trained.standardization().orElseThrow().means(2)).containsExactly(21, 23, 24);
        assertThat(trained.standardization().orElseThrow().fits(trained.request())).isTrue();
        assertThat(ParameterBlocks.zeros(trained.request()).columns()).isEqualTo(4);
    }

    @Test
    void trainedStudy_withoutSelection_isTheApprovedStudy() {
        StudyDefinition approved = new StudyDefinition("study-1", "dr-who", request(null, PrivacyPlan.none()));

        assertThat(TrainedStudy.of(approved, Optional.of(CONSORTIUM))).isEqualTo(new TrainedStudy(approved, Optional.of(CONSORTIUM)));
    }

    @Test
    void trainedStudy_standardizationMissingUnexpectedOrOfAnotherShape_refused() {
        StudyDefinition consortiumWide = new StudyDefinition("study-1", "dr-who", request(new FeatureSelection(2), PrivacyPlan.none()));
        StudyDefinition private_ = new StudyDefinition("study-2", "dr-who", request(null, PrivacyPlan.recordLevel(1, 1, 0.5, 1e-3, 100)));

        assertThatThrownBy(() -> TrainedStudy.of(consortiumWide, Optional.empty())).hasMessageContaining("none were given");
        assertThatThrownBy(() -> TrainedStudy.of(private_, Optional.of(CONSORTIUM))).hasMessageContaining("own records");
        assertThatThrownBy(() -> TrainedStudy.of(consortiumWide, Optional.of(CONSORTIUM.select(new int[] {0, 1}))))
                .hasMessageContaining("does not fit");
        assertThat(TrainedStudy.of(private_, Optional.empty()).request().features()).isEqualTo(FEATURES);
    }

    private static StudyRequest request(FeatureSelection selection, PrivacyPlan privacy) {
        return new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "i", null), List.of(),
                new Outcome("relapse", "no", "yes"), FEATURES, new TrainingPlan(2, 1, 0.1, 2, 1L, 1, 2, privacy), selection, null);
    }
}
