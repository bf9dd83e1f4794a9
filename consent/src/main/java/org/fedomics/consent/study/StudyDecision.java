package org.fedomics.consent.study;

/** A hospital's answer to a study request; the reason is shown to the researcher. */
public record StudyDecision(boolean approved, String reason) {
    public StudyDecision {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("a study decision needs a reason of at most 500 characters");
        }
    }
}
