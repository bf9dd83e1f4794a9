package org.fedomics.consent.api;

/** A hospital asks for pseudonyms and one-time enrollment codes for this many new patients. */
public record EnrollmentRequest(int count) {
    public static final int MAX = 10_000;

    public EnrollmentRequest {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("count must be 1.." + MAX + ", got " + count);
        }
    }
}
