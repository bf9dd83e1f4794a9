package org.fedomics.consent.api;

import java.util.List;

/**
 * A node tells the consent ledger whose records a round of a study used; round 0 is the study's
 * statistics aggregation before round 1.
 */
public record UseReport(String studyId, int round, List<String> pseudonyms) {
    public UseReport {
        if (studyId == null || studyId.isBlank() || round < 0 || pseudonyms == null) {
            throw new IllegalArgumentException("studyId, round >= 0 and pseudonyms are required");
        }
        pseudonyms = List.copyOf(pseudonyms);
    }
}
