package org.fedomics.consent.store;

/** A write that lost a race or skipped a version: re-read the current state and try again. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
