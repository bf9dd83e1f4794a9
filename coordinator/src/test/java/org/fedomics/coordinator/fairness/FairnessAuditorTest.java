package org.fedomics.coordinator.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessPlan;
import org.fedomics.consent.study.FairnessPlan.Criterion;
import org.fedomics.consent.study.ProtectedAttribute;
import org.junit.jupiter.api.Test;

/** Group metrics and gaps from summed counts, against hand-computed answers. */
class FairnessAuditorTest {
    private static final ProtectedAttribute SEX = ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown");
    private static final ProtectedAttribute AGE = ProtectedAttribute.bands("age", List.of(30.0), List.of("<30", ">=30"), "unknown");

    /** Cells per attribute and group: negatives' then positives' histogram over 2 bins (bin 1: predicted positive). */
    private static FairnessCounts counts(FairnessPlan plan, long[][][] perAttribute) {
        long[] cells = new long[plan.cells()];
        for (int a = 0; a < perAttribute.length; a++) {
            for (int g = 0; g < perAttribute[a].length; g++) {
                System.arraycopy(perAttribute[a][g], 0, cells, plan.offset(a, g, false, 0), 4);
            }
        }
        return new FairnessCounts(plan, cells);
    }

    /** A group: negatives {TN, FP}, positives {FN, TP}. */
    private static long[] group(long tn, long fp, long fn, long tp) {
        return new long[] {tn, fp, fn, tp};
    }

    @Test
    void audit_twoAttributes_ratesPerGroup_gapsPerAttributeAndLargestOverall() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX, AGE), 0.3, null, 2);
        FairnessCounts counts = counts(plan, new long[][][] {
                {group(8, 2, 1, 9), group(6, 4, 5, 5), group(0, 0, 0, 0)},
                {group(10, 0, 2, 8), group(4, 6, 4, 6), group(0, 0, 0, 0)}});

        FairnessReport report = FairnessAuditor.audit(counts, List.of("hospital-a", "hospital-b"));

        GroupReport m = report.attributes().get(0).groups().get(0);
        assertThat(m.records()).isEqualTo(PublishedCount.exact(20));
        assertThat(m.selectionRate()).isCloseTo(11.0 / 20, within(1e-12));
        assertThat(m.accuracy()).isCloseTo(17.0 / 20, within(1e-12));
        assertThat(m.truePositiveRate()).isCloseTo(0.9, within(1e-12));
        assertThat(m.falsePositiveRate()).isCloseTo(0.2, within(1e-12));
        // two bins: AUC = (TN x TP + 0.5 (TN x FN + FP x TP)) / (P x N) = (72 + 0.5 (8 + 18)) / 100
        assertThat(m.auc()).isCloseTo(0.85, within(1e-12));
        GroupReport f = report.attributes().get(0).groups().get(1);
        assertThat(f.selectionRate()).isCloseTo(0.45, within(1e-12));
        assertThat(f.truePositiveRate()).isCloseTo(0.5, within(1e-12));
        assertThat(f.falsePositiveRate()).isCloseTo(0.4, within(1e-12));
        assertThat(report.attributes().get(0).groups().get(2).note()).contains("too few records");
        // sex: parity 0.55 - 0.45, opportunity 0.9 - 0.5, odds max(0.4, 0.2)
        Gaps sex = report.attributes().get(0).gaps();
        assertThat(sex.demographicParity()).isCloseTo(0.1, within(1e-12));
        assertThat(sex.equalOpportunity()).isCloseTo(0.4, within(1e-12));
        assertThat(sex.equalizedOdds()).isCloseTo(0.4, within(1e-12));
        // age: selection 0.4 vs 0.6, TPR 0.8 vs 0.6, FPR 0 vs 0.6
        Gaps age = report.attributes().get(1).gaps();
        assertThat(age.demographicParity()).isCloseTo(0.2, within(1e-12));
        assertThat(age.equalOpportunity()).isCloseTo(0.2, within(1e-12));
        assertThat(age.equalizedOdds()).isCloseTo(0.6, within(1e-12));
        assertThat(report.gaps()).isEqualTo(new Gaps(age.demographicParity(), sex.equalOpportunity(), age.equalizedOdds()));
        assertThat(report.passed()).isFalse();
        assertThat(report.findings()).containsExactly("sex: equal opportunity gap 0.400 exceeds 0.3",
                "sex: equalized odds gap 0.400 exceeds 0.3", "age: equalized odds gap 0.600 exceeds 0.3");
        assertThat(report.hospitals()).containsExactly("hospital-a", "hospital-b");
        assertThat(report.threshold()).isEqualTo(0.5);
        assertThat(report.minGroupSize()).isEqualTo(5);
    }

    @Test
    void audit_onlyTheCheckedCriteriaDecide_aGapEqualToTheLimitPasses() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX), 0.1, List.of(Criterion.DEMOGRAPHIC_PARITY), 2);
        FairnessCounts counts = counts(plan, new long[][][] {{group(8, 2, 1, 9), group(6, 4, 5, 5), group(0, 0, 0, 0)}});

        FairnessReport report = FairnessAuditor.audit(counts, List.of("hospital-a", "hospital-b"));

        assertThat(report.gaps().equalOpportunity()).isCloseTo(0.4, within(1e-12));
        assertThat(report.passed()).as("parity gap 0.55 - 0.45 is the limit 0.1").isTrue();
    }

    @Test
    void audit_smallGroupsLeftOutOfTheGaps_andACriterionNoTwoGroupsCanShowFails() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX), 0.5, null, 2);
        // M: 10 records, 4 positives; F: 4 records; unknown: none
        FairnessCounts counts = counts(plan, new long[][][] {{group(5, 1, 1, 3), group(1, 1, 1, 1), group(0, 0, 0, 0)}});

        FairnessReport report = FairnessAuditor.audit(counts, List.of("hospital-a", "hospital-b"));

        GroupReport m = report.attributes().get(0).groups().get(0);
        GroupReport f = report.attributes().get(0).groups().get(1);
        assertThat(m.selectionRate()).isCloseTo(0.4, within(1e-12));
        assertThat(m.truePositiveRate()).isNull();
        assertThat(m.falsePositiveRate()).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(m.auc()).isNull();
        assertThat(m.note()).contains("too few positives");
        assertThat(f.selectionRate()).isNull();
        assertThat(f.records()).isEqualTo(PublishedCount.below(5));
        assertThat(report.gaps()).isEqualTo(new Gaps(null, null, null));
        assertThat(report.passed()).isFalse();
        assertThat(report.findings()).containsExactly(
                "sex: demographic parity cannot be assessed: fewer than two groups have 5 or more records",
                "sex: equal opportunity cannot be assessed: fewer than two groups have 5 or more positives",
                "sex: equalized odds cannot be assessed: fewer than two groups have 5 or more positives and negatives");
    }

    @Test
    void audit_noRecordsAtAll_everyGroupTooFew_zerosPublished() {
        FairnessPlan plan = new FairnessPlan(List.of(SEX), 0.5, null, 2);

        FairnessReport report = FairnessAuditor.audit(new FairnessCounts(plan, new long[plan.cells()]), List.of());

        assertThat(report.attributes().get(0).groups()).allSatisfy(g -> {
            assertThat(g.records()).isEqualTo(PublishedCount.exact(0));
            assertThat(g.auc()).isNull();
            assertThat(g.note()).contains("too few records");
        });
        assertThat(report.passed()).isFalse();
    }
}
