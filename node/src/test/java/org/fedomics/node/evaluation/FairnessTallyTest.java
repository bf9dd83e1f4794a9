package org.fedomics.node.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessPlan;
import org.fedomics.consent.study.ProtectedAttribute;
import org.fedomics.node.dataset.ClinicalTable;
import org.junit.jupiter.api.Test;

/** The node's side of a fairness audit: each scored record's group, label and score bin, counted. */
class FairnessTallyTest {
    private static final FairnessPlan PLAN = new FairnessPlan(List.of(
            ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown"),
            ProtectedAttribute.bands("age", List.of(30.0, 45.0), List.of("<30", "30-44", ">=45"), "unknown")), 0.2, null, 4);

    private static ClinicalTable clinical() {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        rows.put("s1", Map.of("sex", "M", "age", "5"));
        rows.put("s2", Map.of("sex", "F", "age", "30"));
        rows.put("s3", Map.of("age", "58"));
        rows.put("s4", Map.of("sex", "F"));
        rows.put("s5", Map.of("sex", "X", "age", "NA"));
        rows.put("s6", Map.of("sex", "M", "age", "44.9"));
        return new ClinicalTable(List.of("sex", "age"), rows);
    }

    @Test
    void count_groupsFromClinicalValues_missingAndUnrecognisedInTheUnknownGroup_scoresBinnedAsProbabilities() {
        List<HeldOutScore> scores = List.of(
                new HeldOutScore("s1", 0, true, 3.0),      // p 0.95: bin 3
                new HeldOutScore("s2", 1, false, -3.0),    // p 0.05: bin 0
                new HeldOutScore("s3", 0, true, 0.0),      // p 0.5: bin 2, the first predicted positive
                new HeldOutScore("s4", 1, false, -0.1),    // p 0.475: bin 1
                new HeldOutScore("s5", 0, true, -50),      // p ~0: bin 0
                new HeldOutScore("s6", 1, false, 0.5));    // p 0.62: bin 2

        FairnessCounts counts = FairnessTally.count(PLAN, clinical(), scores);

        // sex: M = s1 (positive, bin 3), s6 (negative, bin 2); F = s2 (negative, bin 0), s4 (negative, bin 1); unknown = s3, s5
        assertThat(counts.histogram(0, 0, true)).containsExactly(0, 0, 0, 1);
        assertThat(counts.histogram(0, 0, false)).containsExactly(0, 0, 1, 0);
        assertThat(counts.histogram(0, 1, false)).containsExactly(1, 1, 0, 0);
        assertThat(counts.histogram(0, 2, true)).containsExactly(1, 0, 1, 0);
        // age: <30 = s1; 30-44 = s2 (30 opens the band), s6 (44.9); >=45 = s3; unknown = s4 (missing), s5 ("NA")
        assertThat(counts.histogram(1, 0, true)).containsExactly(0, 0, 0, 1);
        assertThat(counts.histogram(1, 1, false)).containsExactly(1, 0, 1, 0);
        assertThat(counts.histogram(1, 2, true)).containsExactly(0, 0, 1, 0);
        assertThat(counts.histogram(1, 3, false)).containsExactly(0, 1, 0, 0);
        assertThat(counts.histogram(1, 3, true)).containsExactly(1, 0, 0, 0);
        assertThat(counts.records(0)).isEqualTo(6);
        assertThat(counts.records(1)).isEqualTo(6);
    }

    @Test
    void count_noScores_allZero() {
        FairnessCounts counts = FairnessTally.count(PLAN, clinical(), List.of());

        assertThat(counts.toArray()).containsOnly(0L);
    }

    @Test
    void probability_isTheLogisticOfTheMargin_nanRefused() {
        assertThat(FairnessTally.probability(0)).isEqualTo(0.5);
        assertThat(FairnessTally.probability(Math.log(3))).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(FairnessTally.probability(1000)).isEqualTo(1.0);
        assertThat(FairnessTally.probability(-1000)).isEqualTo(0.0);
        assertThatThrownBy(() -> FairnessTally.probability(Double.NaN)).hasMessageContaining("NaN");
    }
}
