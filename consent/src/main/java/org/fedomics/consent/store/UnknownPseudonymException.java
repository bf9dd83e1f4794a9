package org.fedomics.consent.store;

/**
 * A write about a pseudonym that was never enrolled. The message does not name the pseudonym, so
 * that logging the failure logs no patient identifier; a caller that may show it has {@link #pseudonym()}.
 */
public final class UnknownPseudonymException extends RuntimeException {
    private final String pseudonym;

    public UnknownPseudonymException(String pseudonym) {
        super("the pseudonym is not enrolled");
        this.pseudonym = pseudonym;
    }

    public String pseudonym() {
        return pseudonym;
    }
}
