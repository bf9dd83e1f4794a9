package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fedomics.consent.study.FairnessPlan.Criterion;
import org.junit.jupiter.api.Test;

/** A study's fairness audit declaration: protected attributes, their groups and bands, the gap it accepts. */
class FairnessPlanTest {
    static final ProtectedAttribute SEX = ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown");
    static final ProtectedAttribute AGE = ProtectedAttribute.bands("age", List.of(30.0, 45.0), List.of("<30", "30-44", ">=45"), "unknown");

    @Test
    void groupOf_categories_valueOrUnknownForMissingAndUndeclaredValues() {
        assertThat(SEX.allGroups()).containsExactly("M", "F", "unknown");
        assertThat(SEX.groupOf(Optional.of("M"))).isZero();
        assertThat(SEX.groupOf(Optional.of("F"))).isEqualTo(1);
        assertThat(SEX.groupOf(Optional.empty())).isEqualTo(2);
        assertThat(SEX.groupOf(Optional.of("f"))).as("categories are exact").isEqualTo(2);
        assertThat(SEX.groupOf(Optional.of("X"))).isEqualTo(2);
    }

    @Test
    void groupOf_bands_edgeBelongsToTheBandItOpens_nonNumbersAreUnknown() {
        assertThat(AGE.groupOf(Optional.of("5"))).isZero();
        assertThat(AGE.groupOf(Optional.of("29.9"))).isZero();
        assertThat(AGE.groupOf(Optional.of("30"))).isEqualTo(1);
        assertThat(AGE.groupOf(Optional.of("44"))).isEqualTo(1);
        assertThat(AGE.groupOf(Optional.of("45"))).isEqualTo(2);
        assertThat(AGE.groupOf(Optional.of(" 58 "))).isEqualTo(2);
        assertThat(AGE.groupOf(Optional.of("-3"))).as("no lower limit").isZero();
        for (String notANumber : new String[] {"NA", "", "forty", "NaN", "Infinity"}) {
            assertThat(AGE.groupOf(Optional.of(notANumber))).as(notANumber).isEqualTo(3);
        }
        assertThat(AGE.groupOf(Optional.empty())).isEqualTo(3);
    }

    @Test
    void protectedAttribute_invalidDeclarations_refusedNamingTheProblem() {
        assertThatThrownBy(() -> ProtectedAttribute.categories(" ", List.of("M"), "unknown")).hasMessageContaining("column");
        assertThatThrownBy(() -> ProtectedAttribute.categories("sex", List.of(), "unknown")).hasMessageContaining("groups");
        assertThatThrownBy(() -> ProtectedAttribute.categories("sex", null, "unknown")).hasMessageContaining("groups");
        assertThatThrownBy(() -> ProtectedAttribute.categories("sex", List.of("M", "M"), "unknown")).hasMessageContaining("differ");
        assertThatThrownBy(() -> ProtectedAttribute.categories("sex", List.of("M", "unknown"), "unknown")).hasMessageContaining("differ");
        assertThatThrownBy(() -> ProtectedAttribute.categories("sex", List.of("M", " "), "unknown")).hasMessageContaining("name");
        assertThatThrownBy(() -> ProtectedAttribute.categories("sex", List.of("M", "F"), null)).hasMessageContaining("unknownGroup");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ProtectedAttribute.MAX_GROUPS; i++) {
            many.add("g" + i);
        }
        assertThatThrownBy(() -> ProtectedAttribute.categories("site", many, "unknown")).hasMessageContaining("groups");
        assertThatThrownBy(() -> ProtectedAttribute.bands("age", List.of(30.0), List.of("a", "b", "c"), "unknown"))
                .hasMessageContaining("1 band edges make 2 bands, but 3 groups");
        assertThatThrownBy(() -> ProtectedAttribute.bands("age", List.of(45.0, 30.0), List.of("a", "b", "c"), "unknown"))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> ProtectedAttribute.bands("age", List.of(30.0, 30.0), List.of("a", "b", "c"), "unknown"))
                .hasMessageContaining("increasing");
        assertThatThrownBy(() -> ProtectedAttribute.bands("age", Arrays.asList(30.0, Double.NaN), List.of("a", "b", "c"), "unknown"))
                .hasMessageContaining("finite");
    }

    @Test
    void fairnessPlan_defaults_everyCriterionAndTwentyBins() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX, AGE), 0.2);

        assertThat(plan.criteria()).containsExactly(Criterion.values());
        assertThat(plan.scoreBins()).isEqualTo(20);
        assertThat(plan.firstPositiveBin()).isEqualTo(10);
        assertThat(plan.cells()).isEqualTo((3 + 4) * 2 * 20);
    }

    @Test
    void fairnessPlan_invalidDeclarations_refusedNamingTheField() {
        assertThatThrownBy(() -> new FairnessPlan(List.of(), 0.2)).hasMessageContaining("protected attributes");
        assertThatThrownBy(() -> new FairnessPlan(null, 0.2)).hasMessageContaining("protected attributes");
        assertThatThrownBy(() -> new FairnessPlan(List.of(SEX, SEX), 0.2)).hasMessageContaining("once");
        for (double gap : new double[] {0, -0.1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> new FairnessPlan(List.of(SEX), gap)).as("%s", gap).hasMessageContaining("maxGap");
        }
        assertThatThrownBy(() -> new FairnessPlan(List.of(SEX), 0.2, List.of(), null)).hasMessageContaining("criteria");
        assertThatThrownBy(() -> new FairnessPlan(List.of(SEX), 0.2, List.of(Criterion.EQUAL_OPPORTUNITY, Criterion.EQUAL_OPPORTUNITY),
                null)).hasMessageContaining("criteria");
        for (int bins : new int[] {0, 1, 3, 21, FairnessPlan.MAX_SCORE_BINS + 2}) {
            assertThatThrownBy(() -> new FairnessPlan(List.of(SEX), 0.2, null, bins)).as("%d", bins).hasMessageContaining("scoreBins");
        }
        assertThat(new FairnessPlan(List.of(SEX), 1.0, List.of(Criterion.EQUALIZED_ODDS), 2).checks(Criterion.EQUALIZED_ODDS)).isTrue();
        assertThat(new FairnessPlan(List.of(SEX), 1.0, List.of(Criterion.EQUALIZED_ODDS), 2).checks(Criterion.DEMOGRAPHIC_PARITY)).isFalse();
    }

    @Test
    void binOf_equalBinsOverZeroToOne_halfOpensThePositiveBins_oneInTheLastBin() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX), 0.2);

        assertThat(plan.binOf(0)).isZero();
        assertThat(plan.binOf(0.0499)).isZero();
        assertThat(plan.binOf(0.05)).isEqualTo(1);
        assertThat(plan.binOf(0.4999)).isEqualTo(9);
        assertThat(plan.binOf(0.5)).isEqualTo(plan.firstPositiveBin());
        assertThat(plan.binOf(1)).isEqualTo(19);
        for (double outside : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> plan.binOf(outside)).hasMessageContaining("probability");
        }
    }

    @Test
    void offset_everyCellHasItsOwnPlace() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX, AGE), 0.2, null, 4);
        Set<Integer> seen = new HashSet<>();
        for (int a = 0; a < 2; a++) {
            for (int g = 0; g < plan.attributes().get(a).allGroups().size(); g++) {
                for (boolean positive : new boolean[] {false, true}) {
                    for (int bin = 0; bin < 4; bin++) {
                        int offset = plan.offset(a, g, positive, bin);
                        assertThat(offset).isBetween(0, plan.cells() - 1);
                        assertThat(seen.add(offset)).isTrue();
                    }
                }
            }
        }
        assertThat(seen).hasSize(plan.cells());
    }
}
