package org.fedomics.consent.store;

/**
 * An unexpected database failure. Its message names the kind of failure (SQLState, vendor code)
 * and its cause is the driver's exception with every message removed (see {@link RedactedFailure}):
 * a driver's message can quote the values of the row it refused.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message + " (" + RedactedFailure.kind(cause) + ")", RedactedFailure.of(cause));
    }
}
