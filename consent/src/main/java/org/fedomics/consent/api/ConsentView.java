package org.fedomics.consent.api;


/** A patient's current consent as the API shows it, with its version and when it was recorded. */
public record ConsentView(String pseudonym, int version, ConsentChoice choice, String validFrom, String recordedAt) {
}
