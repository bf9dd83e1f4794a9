package org.fedomics.coordinator.fairness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessPlan;
import org.fedomics.consent.study.FairnessPlan.Criterion;
import org.fedomics.consent.study.ProtectedAttribute;

/**
 * The fairness audit of a model from the consortium's securely summed counts (never one hospital's):
 * per group of every protected attribute, at the decision threshold 0.5, the selection rate,
 * accuracy, true and false positive rates, and the AUC from the summed score histograms; then the
 * gaps between groups, and whether every criterion the study checks stays within its largest gap.
 * A group needs at least {@value #MIN_GROUP_SIZE} records for a rate over its records, as many
 * positives for its true positive rate, as many negatives for its false positive rate, and both for
 * its AUC; below that it is left out of that gap, and its counts are withheld (see {@link SmallCells}).
 */
public final class FairnessAuditor {
    public static final int MIN_GROUP_SIZE = 5;
    public static final double THRESHOLD = 0.5;
    /** Rates are ratios of whole numbers: a gap equal to the limit must not fail on rounding in the last bit. */
    private static final double ROUNDING = 1e-12;

    private FairnessAuditor() {
    }

    /** @param hospitals the hospitals whose counts are in {@code total} */
    public static FairnessReport audit(FairnessCounts total, List<String> hospitals) {
        FairnessPlan plan = total.plan();
        List<AttributeReport> attributes = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        for (int a = 0; a < plan.attributes().size(); a++) {
            AttributeReport attribute = attribute(total, a);
            attributes.add(attribute);
            for (Criterion criterion : plan.criteria()) {
                Double gap = attribute.gaps().of(criterion);
                if (gap == null) {
                    findings.add(attribute.column() + ": " + words(criterion) + " cannot be assessed: fewer than two groups have "
                            + MIN_GROUP_SIZE + " or more " + (criterion == Criterion.DEMOGRAPHIC_PARITY ? "records"
                            : criterion == Criterion.EQUAL_OPPORTUNITY ? "positives" : "positives and negatives"));
                } else if (gap > plan.maxGap() + ROUNDING) {
                    findings.add(String.format(Locale.ROOT, "%s: %s gap %.3f exceeds %s", attribute.column(), words(criterion), gap,
                            plan.maxGap()));
                }
            }
        }
        Gaps largest = Gaps.largest(attributes.stream().map(AttributeReport::gaps).toList());
        return new FairnessReport(hospitals, THRESHOLD, plan.scoreBins(), MIN_GROUP_SIZE, plan.criteria(), plan.maxGap(), attributes,
                largest, findings.isEmpty(), findings);
    }

    private static String words(Criterion criterion) {
        return criterion.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static AttributeReport attribute(FairnessCounts total, int a) {
        FairnessPlan plan = total.plan();
        ProtectedAttribute attribute = plan.attributes().get(a);
        List<String> names = attribute.allGroups();
        long[][] counts = new long[3][names.size()];
        Confusion[] confusions = new Confusion[names.size()];
        for (int g = 0; g < names.size(); g++) {
            confusions[g] = Confusion.of(total.histogram(a, g, false), total.histogram(a, g, true), plan.firstPositiveBin());
            counts[SmallCells.RECORDS][g] = confusions[g].records();
            counts[SmallCells.POSITIVES][g] = confusions[g].positives();
            counts[SmallCells.NEGATIVES][g] = confusions[g].negatives();
        }
        PublishedCount[][] published = SmallCells.publish(counts, MIN_GROUP_SIZE);
        List<GroupReport> groups = new ArrayList<>();
        for (int g = 0; g < names.size(); g++) {
            Confusion c = confusions[g];
            boolean enough = c.records() >= MIN_GROUP_SIZE;
            boolean positives = c.positives() >= MIN_GROUP_SIZE;
            boolean negatives = c.negatives() >= MIN_GROUP_SIZE;
            groups.add(new GroupReport(names.get(g), published[SmallCells.RECORDS][g], published[SmallCells.POSITIVES][g],
                    published[SmallCells.NEGATIVES][g],
                    enough ? ratio(c.truePositives() + c.falsePositives(), c.records()) : null,
                    enough ? ratio(c.truePositives() + c.trueNegatives(), c.records()) : null,
                    positives ? ratio(c.truePositives(), c.positives()) : null,
                    negatives ? ratio(c.falsePositives(), c.negatives()) : null,
                    positives && negatives ? HistogramAuc.of(c.negativeScores(), c.positiveScores()) : null,
                    note(enough, positives, negatives)));
        }
        return new AttributeReport(attribute.column(), groups, Gaps.between(groups));
    }

    private static double ratio(long part, long whole) {
        return (double) part / whole;
    }

    private static String note(boolean enough, boolean positives, boolean negatives) {
        if (!enough) {
            return "too few records (fewer than " + MIN_GROUP_SIZE + ")";
        }
        if (!positives && !negatives) {
            return "too few positives and negatives for true and false positive rates and AUC";
        }
        if (!positives) {
            return "too few positives (fewer than " + MIN_GROUP_SIZE + ") for true positive rate and AUC";
        }
        if (!negatives) {
            return "too few negatives (fewer than " + MIN_GROUP_SIZE + ") for false positive rate and AUC";
        }
        return null;
    }

    /**
     * One group's score histograms and its confusion counts at the threshold: scores in bins from
     * {@code firstPositiveBin} on are predicted positive.
     */
    private record Confusion(long[] negativeScores, long[] positiveScores, long truePositives, long falseNegatives,
                             long falsePositives, long trueNegatives) {
        static Confusion of(long[] negatives, long[] positives, int firstPositiveBin) {
            long tp = 0;
            long fn = 0;
            long fp = 0;
            long tn = 0;
            for (int bin = 0; bin < negatives.length; bin++) {
                if (bin >= firstPositiveBin) {
                    tp += positives[bin];
                    fp += negatives[bin];
                } else {
                    fn += positives[bin];
                    tn += negatives[bin];
                }
            }
            return new Confusion(negatives, positives, tp, fn, fp, tn);
        }

        long positives() {
            return truePositives + falseNegatives;
        }

        long negatives() {
            return falsePositives + trueNegatives;
        }

        long records() {
            return positives() + negatives();
        }
    }
}
