package org.fedomics.consent.store;

/** A write that lost a race or skipped a version: re-read the current state and try again. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }

    /** @param cause the database's refusal, kept without its message (it can quote the row) */
    public ConflictException(String message, Throwable cause) {
        super(message, RedactedFailure.of(cause));
    }
}
