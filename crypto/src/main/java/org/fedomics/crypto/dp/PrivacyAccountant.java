package org.fedomics.crypto.dp;

/**
 * The privacy a study has spent: steps of one subsampled Gaussian mechanism composed under RDP,
 * reported as (epsilon, delta) and held under a budget. A step that would take the study over
 * its budget is refused, so the budget is never exceeded, only approached. Thread-safe.
 */
public final class PrivacyAccountant {
    private final SampledGaussian step;
    private final RdpCurve perStep;
    private final double delta;
    private final double epsilonBudget;
    private long steps;

    /** An accountant over the default orders. */
    public PrivacyAccountant(SampledGaussian step, double delta, double epsilonBudget) {
        this(step, delta, epsilonBudget, RdpCurve.defaultOrders());
    }

    public PrivacyAccountant(SampledGaussian step, double delta, double epsilonBudget, double[] orders) {
        PrivacySpend.checkDelta(delta);
        if (!(epsilonBudget > 0) || Double.isInfinite(epsilonBudget)) {
            throw new IllegalArgumentException("epsilon budget must be a finite number > 0, got " + epsilonBudget);
        }
        this.step = step;
        this.perStep = step.rdp(orders);
        this.delta = delta;
        this.epsilonBudget = epsilonBudget;
    }

    public SampledGaussian mechanism() {
        return step;
    }

    public double epsilonBudget() {
        return epsilonBudget;
    }

    public synchronized long steps() {
        return steps;
    }

    /** What has been spent so far. */
    public synchronized PrivacySpend spent() {
        return spendAfter(steps);
    }

    /** What {@code totalSteps} steps of this mechanism spend in all. */
    public PrivacySpend spendAfter(long totalSteps) {
        return perStep.times(totalSteps).toDp(delta);
    }

    /** Whether {@code moreSteps} further steps would take the spend over the budget. */
    public synchronized boolean wouldExceed(long moreSteps) {
        checkSteps(moreSteps);
        return spendAfter(Math.addExact(steps, moreSteps)).epsilon() > epsilonBudget;
    }

    /** Records steps taken; refuses, changing nothing, if they would exceed the budget. */
    public synchronized void addSteps(long moreSteps) {
        if (wouldExceed(moreSteps)) {
            throw new IllegalStateException(moreSteps + " more steps would spend epsilon "
                    + spendAfter(steps + moreSteps).epsilon() + " at delta " + delta + ", over the budget of " + epsilonBudget);
        }
        steps += moreSteps;
    }

    /** The most steps in all that stay within the budget ({@link Long#MAX_VALUE} if no number of steps spends anything). */
    public long maxSteps() {
        if (spendAfter(Long.MAX_VALUE).epsilon() <= epsilonBudget) {
            return Long.MAX_VALUE;
        }
        long within = 0;
        long over = 1;
        while (spendAfter(over).epsilon() <= epsilonBudget) {
            within = over;
            over = over > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : over * 2;
        }
        while (over - within > 1) {
            long middle = within + (over - within) / 2;
            if (spendAfter(middle).epsilon() <= epsilonBudget) {
                within = middle;
            } else {
                over = middle;
            }
        }
        return within;
    }

    private static void checkSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("the number of steps must be >= 0, got " + steps);
        }
    }
}
