package org.fedomics.node.governance;

import java.util.Locale;
import java.util.Optional;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.crypto.dp.PrivacySpend;

/**
 * The most privacy one study may spend of this hospital's patients' records, whatever the study
 * asks: its planned epsilon over all its rounds at most {@code maxEpsilon}, at a delta of at most
 * {@code maxDelta} (a bound on epsilon alone could be met by choosing a large delta). A finite
 * limit refuses studies that promise no differential privacy at all.
 */
public record PrivacyLimit(double maxEpsilon, double maxDelta) {
    public PrivacyLimit {
        if (!(maxEpsilon > 0)) {
            throw new IllegalArgumentException("maxEpsilon must be > 0 (infinity for no limit), got " + maxEpsilon);
        }
        if (!(maxDelta > 0 && maxDelta <= 1)) {
            throw new IllegalArgumentException("maxDelta must be in (0, 1], got " + maxDelta);
        }
    }

    /** No limit: studies with or without differential privacy are accepted. */
    public static PrivacyLimit unlimited() {
        return new PrivacyLimit(Double.POSITIVE_INFINITY, 1.0);
    }

    /** Why this limit refuses a study with this plan, in words; empty if it does not. */
    public Optional<String> refusal(TrainingPlan plan) {
        if (Double.isInfinite(maxEpsilon) && maxDelta == 1.0) {
            return Optional.empty();
        }
        if (plan.privacy().mode() == PrivacyPlan.Mode.NONE) {
            return Optional.of("this hospital takes part only in studies with record-level differential privacy of at most"
                    + " epsilon " + maxEpsilon + " at delta " + maxDelta + "; this study promises none");
        }
        if (plan.privacy().delta() > maxDelta) {
            return Optional.of("the study's delta of " + plan.privacy().delta() + " is above this hospital's maximum of "
                    + maxDelta);
        }
        PrivacySpend planned = plan.plannedSpend(plan.rounds()).orElseThrow();
        if (planned.epsilon() > maxEpsilon) {
            return Optional.of(String.format(Locale.ROOT, "over its %d rounds the study would spend epsilon %.3g at delta %s,"
                    + " more than this hospital's maximum of %s per study", plan.rounds(), planned.epsilon(), planned.delta(),
                    maxEpsilon));
        }
        return Optional.empty();
    }
}
