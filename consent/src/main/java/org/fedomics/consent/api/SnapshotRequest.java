package org.fedomics.consent.api;

import java.util.List;
import org.fedomics.consent.study.DeclaredUse;

/**
 * A node asks, before a round, for the current decisions on its patients for one study. Round 0 is
 * the study's statistics aggregation before round 1 (which uses the records as well).
 */
public record SnapshotRequest(String studyId, int round, DeclaredUse use, List<String> pseudonyms) {
    public SnapshotRequest {
        if (studyId == null || studyId.isBlank() || round < 0 || use == null || pseudonyms == null) {
            throw new IllegalArgumentException("studyId, round >= 0, use and pseudonyms are required");
        }
        if (pseudonyms.size() > 1_000_000) {
            throw new IllegalArgumentException("at most 1,000,000 pseudonyms per snapshot");
        }
        pseudonyms = List.copyOf(pseudonyms);
    }
}
