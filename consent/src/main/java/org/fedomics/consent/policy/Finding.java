package org.fedomics.consent.policy;

/** The outcome of one sub-check of a decision, with its reason in plain words. */
record Finding(Verdict verdict, String reason) {
    static Finding permit(String reason) {
        return new Finding(Verdict.PERMIT, reason);
    }

    static Finding deny(String reason) {
        return new Finding(Verdict.DENY, reason);
    }

    static Finding abstain(String reason) {
        return new Finding(Verdict.ABSTAIN, reason);
    }
}
