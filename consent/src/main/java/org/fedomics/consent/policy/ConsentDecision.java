package org.fedomics.consent.policy;

import java.util.List;

/**
 * The answer to "may this patient's records be used for this study, now?", with the reasons in
 * words the patient understands.
 *
 * @param pseudonym null only when no consent was on file and the caller did not name the patient
 */
public record ConsentDecision(String pseudonym, Verdict verdict, List<String> reasons) {
    public ConsentDecision {
        if (pseudonym != null && pseudonym.isBlank()) {
            throw new IllegalArgumentException("pseudonym must be null or not blank");
        }
        Checks.notNull(verdict, "verdict");
        reasons = List.copyOf(Checks.notNull(reasons, "reasons"));
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("reasons must explain the verdict");
        }
    }

    /** Whether the records may be used: only an explicit PERMIT counts. */
    public boolean permitted() {
        return verdict == Verdict.PERMIT;
    }
}
