package org.fedomics.consent.api;

/** One use of a patient's records, as shown to that patient. */
public record UseView(String studyId, int round, String hospital, String at) {
}
