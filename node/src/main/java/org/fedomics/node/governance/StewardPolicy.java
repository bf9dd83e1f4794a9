package org.fedomics.node.governance;

import java.util.Set;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;

/**
 * The hospital's own rules, applied whatever a study asks: which purposes are approved without a
 * person, whether commercial studies are accepted, and the smallest cohort this node trains on
 * (below it the node sends nothing, since an update from a handful of records reveals too much).
 */
public record StewardPolicy(Set<DuoPermission> autoApprovedPurposes, boolean acceptsCommercial, int minRecords) {
    public StewardPolicy {
        autoApprovedPurposes = Set.copyOf(autoApprovedPurposes);
        if (minRecords < 1) {
            throw new IllegalArgumentException("minRecords must be at least 1");
        }
    }

    /** Approves research on health and disease, non-commercial, from 10 records up. */
    public static StewardPolicy defaults() {
        return new StewardPolicy(Set.of(DuoPermission.HMB, DuoPermission.DS), false, 10);
    }

    public StudyDecision decide(StudyDefinition study, int eligibleRecords) {
        var use = study.request().use();
        if (use.commercial() && !acceptsCommercial) {
            return new StudyDecision(false, "this hospital does not take part in commercial studies");
        }
        if (!autoApprovedPurposes.contains(use.purposePermission())) {
            return new StudyDecision(false, "purpose " + use.purposePermission().shortName()
                    + " needs a data steward's approval at this hospital");
        }
        int needed = Math.max(minRecords, study.request().plan().minRecordsPerNode());
        if (eligibleRecords < needed) {
            return new StudyDecision(false, "this hospital has " + eligibleRecords + " eligible records; at least "
                    + needed + " are needed");
        }
        return new StudyDecision(true, "approved under the hospital's policy for "
                + use.purposePermission().shortName() + " research");
    }

    /** The smallest number of permitted records for which this node sends an update. */
    public int minRecordsFor(StudyDefinition study) {
        return Math.max(minRecords, study.request().plan().minRecordsPerNode());
    }
}
