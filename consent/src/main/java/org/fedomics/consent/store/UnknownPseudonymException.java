package org.fedomics.consent.store;

/** A write about a pseudonym that was never enrolled. */
public final class UnknownPseudonymException extends RuntimeException {
    public UnknownPseudonymException(String pseudonym) {
        super("pseudonym " + pseudonym + " is not enrolled");
    }
}
