package org.fedomics.consent.api;

import java.util.List;

/** A node tells the consent ledger whose records a round of a study used. */
public record UseReport(String studyId, int round, List<String> pseudonyms) {
    public UseReport {
        if (studyId == null || studyId.isBlank() || round < 1 || pseudonyms == null) {
            throw new IllegalArgumentException("studyId, round >= 1 and pseudonyms are required");
        }
        pseudonyms = List.copyOf(pseudonyms);
    }
}
