package org.fedomics.consent.policy;

import java.time.Instant;
import java.util.Set;

/**
 * What a study declares about its use of data, matched against each patient's consent.
 *
 * @param purpose            GRU (general research), HMB, DS (with diseases) or POA; never NRES
 * @param diseaseIds         the study's diseases (MONDO ids); required for DS, empty otherwise
 * @param methodsDevelopment whether the study develops methods or tools (training a model may)
 * @param institution        the institution that runs the study
 * @param projectId          the project the study belongs to, or null if none
 */
public record StudyDataUse(
        String studyId,
        DuoPermission purpose,
        Set<String> diseaseIds,
        boolean commercial,
        boolean ethicsApproved,
        boolean methodsDevelopment,
        String institution,
        String projectId,
        Instant startsAt) {

    public StudyDataUse {
        Checks.notBlank(studyId, "studyId");
        Checks.notNull(purpose, "purpose");
        if (purpose == DuoPermission.NRES) {
            throw new IllegalArgumentException("purpose NRES is not a research purpose; use GRU for general research");
        }
        diseaseIds = Checks.diseaseIds(diseaseIds, "diseaseIds");
        if (purpose == DuoPermission.DS && diseaseIds.isEmpty()) {
            throw new IllegalArgumentException("diseaseIds must name at least one disease for purpose DS");
        }
        if (purpose != DuoPermission.DS && !diseaseIds.isEmpty()) {
            throw new IllegalArgumentException("diseaseIds must be empty for purpose " + purpose + " (only DS names diseases)");
        }
        Checks.notBlank(institution, "institution");
        if (projectId != null && projectId.isBlank()) {
            throw new IllegalArgumentException("projectId must be null or not blank");
        }
        Checks.notNull(startsAt, "startsAt");
    }
}
