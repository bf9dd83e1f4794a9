package org.fedomics.consent.api;

import java.util.List;

/** Pseudonyms with their one-time enrollment codes, for the hospital to hand to its patients. */
public record EnrollmentBatch(List<Entry> enrollments) {
    public EnrollmentBatch {
        enrollments = List.copyOf(enrollments);
    }

    public record Entry(String pseudonym, String enrollmentCode) {
        @Override
        public String toString() {
            return "Entry[pseudonym=" + pseudonym + ", enrollmentCode=redacted]";
        }
    }
}
