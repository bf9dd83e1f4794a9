package org.fedomics.consent.study;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.policy.StudyDataUse;

/** The data use a study declares, in DUO terms, against which every patient's consent is matched. */
public record DeclaredUse(String purpose, List<String> diseaseIds, boolean commercial, boolean ethicsApproved,
                          boolean methodsDevelopment, String institution, String projectId) {
    public DeclaredUse {
        DuoPermission.fromCode(purpose);
        diseaseIds = diseaseIds == null ? List.of() : List.copyOf(diseaseIds);
    }

    public DuoPermission purposePermission() {
        return DuoPermission.fromCode(purpose);
    }

    public StudyDataUse forStudy(String studyId, Instant startsAt) {
        return new StudyDataUse(studyId, purposePermission(), Set.copyOf(diseaseIds), commercial, ethicsApproved,
                methodsDevelopment, institution, projectId, startsAt);
    }
}
