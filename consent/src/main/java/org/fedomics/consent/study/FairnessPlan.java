package org.fedomics.consent.study;

import java.util.HashSet;
import java.util.List;

/**
 * The fairness audit a study declares: after its last round, the participants securely sum, per
 * protected attribute, group and true label, a histogram of the model's held-out scores (the
 * probability of the positive outcome in {@code scoreBins} equal bins over [0, 1]); the
 * coordinator derives each group's metrics and the gaps between groups, and the audit passes only
 * if every gap the study checks ({@code criteria}, absent: all three) is at most {@code maxGap}.
 * {@code scoreBins} (absent: {@value #DEFAULT_SCORE_BINS}) is even, so that the decision threshold
 * 0.5 is a bin edge.
 */
public record FairnessPlan(List<ProtectedAttribute> attributes, double maxGap, List<Criterion> criteria, Integer scoreBins) {
    /** The gaps an audit can hold a model to. */
    public enum Criterion {
        /** The largest difference between groups' selection rates (share predicted positive). */
        DEMOGRAPHIC_PARITY,
        /** The largest difference between groups' true positive rates. */
        EQUAL_OPPORTUNITY,
        /** The largest difference between groups' true positive or false positive rates. */
        EQUALIZED_ODDS
    }

    public static final int DEFAULT_SCORE_BINS = 20;
    public static final int MAX_SCORE_BINS = 200;
    public static final int MAX_ATTRIBUTES = 8;

    public FairnessPlan {
        if (attributes == null || attributes.isEmpty() || attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("fairness: declare 1.." + MAX_ATTRIBUTES + " protected attributes");
        }
        attributes = List.copyOf(attributes);
        if (attributes.stream().map(ProtectedAttribute::column).distinct().count() != attributes.size()) {
            throw new IllegalArgumentException("fairness: each protected attribute's column may be declared once");
        }
        if (!(maxGap > 0 && maxGap <= 1)) {
            throw new IllegalArgumentException("fairness: maxGap must be in (0, 1], got " + maxGap);
        }
        criteria = criteria == null ? List.of(Criterion.values()) : List.copyOf(criteria);
        if (criteria.isEmpty() || new HashSet<>(criteria).size() != criteria.size()) {
            throw new IllegalArgumentException("fairness: criteria must name at least one criterion, each once");
        }
        scoreBins = scoreBins == null ? DEFAULT_SCORE_BINS : scoreBins;
        if (scoreBins < 2 || scoreBins > MAX_SCORE_BINS || scoreBins % 2 != 0) {
            throw new IllegalArgumentException("fairness: scoreBins must be an even number 2.." + MAX_SCORE_BINS
                    + " (0.5 must be a bin edge), got " + scoreBins);
        }
    }

    /** An audit of every criterion with {@value #DEFAULT_SCORE_BINS} score bins. */
    public FairnessPlan(List<ProtectedAttribute> attributes, double maxGap) {
        this(attributes, maxGap, null, null);
    }

    public boolean checks(Criterion criterion) {
        return criteria.contains(criterion);
    }

    /** The bin of a score (probability of the positive outcome) in [0, 1]: bins are [i/n, (i+1)/n), the last includes 1. */
    public int binOf(double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("a score must be a probability in [0, 1], got " + score);
        }
        return Math.min(scoreBins - 1, (int) Math.floor(score * scoreBins));
    }

    /** The first bin predicted positive: scores of at least 0.5. */
    public int firstPositiveBin() {
        return scoreBins / 2;
    }

    /** Histogram cells: every attribute's groups (its unknown group included) x 2 labels x score bins. */
    public int cells() {
        return attributes.stream().mapToInt(a -> a.allGroups().size()).sum() * 2 * scoreBins;
    }

    /**
     * Where a cell lies in the layout {@link FairnessCounts} and its secure sum use:
     * attribute, then group, then label (negative 0, positive 1), then score bin.
     */
    public int offset(int attribute, int group, boolean positive, int bin) {
        int before = 0;
        for (int a = 0; a < attribute; a++) {
            before += attributes.get(a).allGroups().size();
        }
        return ((before + group) * 2 + (positive ? 1 : 0)) * scoreBins + bin;
    }
}
