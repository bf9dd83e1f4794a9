package org.fedomics.consent.ledger;

import java.security.GeneralSecurityException;

/** A Merkle proof or tree head that does not verify; the message says which check failed. */
public final class InvalidProofException extends GeneralSecurityException {
    public InvalidProofException(String message) {
        super(message);
    }
}
