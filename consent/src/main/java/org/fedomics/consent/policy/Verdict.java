package org.fedomics.consent.policy;

/** The outcome of matching a consent against a study. Only PERMIT lets a record be used. */
public enum Verdict {
    PERMIT,
    DENY,
    /** A person must decide: the consent has a condition a machine cannot judge. Not a permit. */
    ABSTAIN
}
