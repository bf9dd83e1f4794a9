package org.fedomics.consent.study;

import org.fedomics.crypto.dp.SampledGaussian;

/**
 * The differential privacy a study promises its patients.
 *
 * <p>{@code NONE}: no formal guarantee (every number must then be 0). {@code RECORD_LEVEL}:
 * DP-SGD at every node, protecting each patient's record: in every step each record joins the
 * batch with probability {@code samplingRate} (q), each record's gradient is clipped to L2 norm
 * {@code clipNorm} (C), and Gaussian noise of standard deviation {@code noiseMultiplier} (z)
 * times C is added to the batch's sum. Because q is a rate (not a batch size), every node runs
 * the same number of steps and spends the same privacy whatever its size, so the study's
 * (epsilon, delta) follows from the plan alone; {@code epsilonBudget} is the most the study may
 * spend at {@code delta}.
 */
public record PrivacyPlan(Mode mode, double noiseMultiplier, double clipNorm, double samplingRate, double delta,
                          double epsilonBudget) {
    public enum Mode { NONE, RECORD_LEVEL }

    public PrivacyPlan {
        if (mode == null) {
            throw new IllegalArgumentException("privacy: mode is required (NONE or RECORD_LEVEL)");
        }
        if (mode == Mode.NONE) {
            if (noiseMultiplier != 0 || clipNorm != 0 || samplingRate != 0 || delta != 0 || epsilonBudget != 0) {
                throw new IllegalArgumentException("privacy: mode NONE takes no noiseMultiplier, clipNorm, samplingRate,"
                        + " delta or epsilonBudget (all must be 0)");
            }
        } else {
            requirePositive("noiseMultiplier", noiseMultiplier);
            requirePositive("clipNorm", clipNorm);
            if (!(samplingRate > 0 && samplingRate <= 1)) {
                throw new IllegalArgumentException("privacy: samplingRate must be in (0, 1], got " + samplingRate);
            }
            if (!(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("privacy: delta must be in (0, 1), got " + delta);
            }
            requirePositive("epsilonBudget", epsilonBudget);
        }
    }

    private static void requirePositive(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("privacy: " + field + " must be a finite number > 0, got " + value);
        }
    }

    /** No formal privacy guarantee: what a study without a privacy plan gets. */
    public static PrivacyPlan none() {
        return new PrivacyPlan(Mode.NONE, 0, 0, 0, 0, 0);
    }

    /** DP-SGD at every node with these parameters. */
    public static PrivacyPlan recordLevel(double noiseMultiplier, double clipNorm, double samplingRate, double delta,
                                          double epsilonBudget) {
        return new PrivacyPlan(Mode.RECORD_LEVEL, noiseMultiplier, clipNorm, samplingRate, delta, epsilonBudget);
    }

    /** One DP-SGD step as the accountant sees it. Only for {@code RECORD_LEVEL}. */
    public SampledGaussian mechanism() {
        requireRecordLevel();
        return new SampledGaussian(samplingRate, noiseMultiplier);
    }

    /**
     * DP-SGD steps that train one parameter block for {@code localEpochs} epochs: each step sees
     * a fraction q of the records on average, so epochs / q steps, rounded up.
     */
    public long stepsPerBlock(int localEpochs) {
        requireRecordLevel();
        if (localEpochs < 1) {
            throw new IllegalArgumentException("localEpochs must be at least 1, got " + localEpochs);
        }
        double exact = localEpochs / samplingRate;
        // a quotient that rounding leaves a hair above a whole number is that number of steps, not one more
        return (long) Math.ceil(exact * (1 - 1e-12));
    }

    private void requireRecordLevel() {
        if (mode != Mode.RECORD_LEVEL) {
            throw new IllegalStateException("privacy mode " + mode + " has no DP-SGD mechanism");
        }
    }
}
