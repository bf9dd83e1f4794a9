package org.fedomics.node.evaluation;

import java.util.List;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessPlan;
import org.fedomics.consent.study.ProtectedAttribute;
import org.fedomics.node.dataset.ClinicalTable;

/**
 * This hospital's part of a fairness audit: for every scored record, its group under each protected
 * attribute (from its clinical value; missing or unrecognised values in the attribute's unknown
 * group), its true label and the bin of its score, counted into the audit's histograms. The counts
 * leave the hospital only masked, inside the audit's secure sum.
 */
public final class FairnessTally {
    private FairnessTally() {
    }

    public static FairnessCounts count(FairnessPlan plan, ClinicalTable clinical, List<HeldOutScore> scores) {
        long[] cells = new long[plan.cells()];
        for (HeldOutScore score : scores) {
            int bin = plan.binOf(probability(score.margin()));
            for (int a = 0; a < plan.attributes().size(); a++) {
                ProtectedAttribute attribute = plan.attributes().get(a);
                int group = attribute.groupOf(clinical.value(score.sampleId(), attribute.column()));
                cells[plan.offset(a, group, score.positive(), bin)]++;
            }
        }
        return new FairnessCounts(plan, cells);
    }

    /**
     * The model's probability of the positive outcome from its margin (positive logit minus negative
     * logit): the two-label softmax is the logistic function of the margin, so a margin above 0 is
     * a probability above 0.5.
     */
    static double probability(double margin) {
        if (Double.isNaN(margin)) {
            throw new IllegalArgumentException("a score's margin is NaN");
        }
        return 1 / (1 + Math.exp(-margin));
    }
}
