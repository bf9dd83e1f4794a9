package org.fedomics.consent.store;

/** An unexpected database failure; its cause carries the detail for the log. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
