package org.fedomics.consent.api;

import java.util.List;

/**
 * The consent service's signed statement of which of a hospital's patients permit a study at one
 * round, and when it said so. Nodes refuse a snapshot for another study, round or hospital, or
 * one older than their freshness limit.
 */
public record ConsentSnapshot(String studyId, int round, String hospital, String issuedAt, List<Entry> decisions) {
    public static final String TYPE = "fedomics-consent-snapshot+jws";

    public ConsentSnapshot {
        decisions = List.copyOf(decisions);
    }

    public record Entry(String pseudonym, String verdict) {
    }
}
