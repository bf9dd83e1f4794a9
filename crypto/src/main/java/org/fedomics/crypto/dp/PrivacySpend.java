package org.fedomics.crypto.dp;

/**
 * An (epsilon, delta) differential-privacy guarantee, and the Rényi order at which the
 * accountant found it (provenance: which order was tight). Epsilon is infinite when the
 * mechanism adds no noise.
 */
public record PrivacySpend(double epsilon, double delta, double order) {
    public PrivacySpend {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        checkDelta(delta);
        if (!(order > 1) || Double.isInfinite(order)) {
            throw new IllegalArgumentException("a Rényi order must be a finite number > 1, got " + order);
        }
    }

    static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
    }
}
