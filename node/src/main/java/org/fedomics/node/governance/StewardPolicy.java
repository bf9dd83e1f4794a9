package org.fedomics.node.governance;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;

/**
 * The hospital's own rules, applied whatever a study asks: which purposes are approved without a
 * person, whether commercial studies are accepted, the smallest cohort this node trains on
 * (below it the node sends nothing, since an update from a handful of records reveals too much),
 * and the most differential privacy one study may spend of its patients' records.
 */
public record StewardPolicy(Set<DuoPermission> autoApprovedPurposes, boolean acceptsCommercial, int minRecords,
                            PrivacyLimit privacyLimit) {
    public StewardPolicy {
        autoApprovedPurposes = Set.copyOf(autoApprovedPurposes);
        if (minRecords < 1) {
            throw new IllegalArgumentException("minRecords must be at least 1");
        }
        if (privacyLimit == null) {
            throw new IllegalArgumentException("privacyLimit is required (PrivacyLimit.unlimited() for none)");
        }
    }

    /** A policy without a privacy limit. */
    public StewardPolicy(Set<DuoPermission> autoApprovedPurposes, boolean acceptsCommercial, int minRecords) {
        this(autoApprovedPurposes, acceptsCommercial, minRecords, PrivacyLimit.unlimited());
    }

    /** Approves research on health and disease, non-commercial, from 10 records up, with or without differential privacy. */
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
        var plan = study.request().plan();
        Optional<String> privacyRefusal = privacyLimit.refusal(plan);
        if (privacyRefusal.isPresent()) {
            return new StudyDecision(false, privacyRefusal.get());
        }
        int needed = Math.max(minRecords, plan.minRecordsPerNode());
        if (eligibleRecords < needed) {
            return new StudyDecision(false, "this hospital has " + eligibleRecords + " eligible records; at least "
                    + needed + " are needed");
        }
        String approval = "approved under the hospital's policy for " + use.purposePermission().shortName() + " research";
        if (plan.privacy().mode() == PrivacyPlan.Mode.RECORD_LEVEL) {
            var planned = plan.plannedSpend(plan.rounds()).orElseThrow();
            approval += String.format(Locale.ROOT, " with record-level differential privacy (epsilon %.3g at delta %s)",
                    planned.epsilon(), planned.delta());
        }
        return new StudyDecision(true, approval);
    }

    /** The smallest number of permitted records for which this node sends an update. */
    public int minRecordsFor(StudyDefinition study) {
        return Math.max(minRecords, study.request().plan().minRecordsPerNode());
    }
}
