package org.fedomics.node.round;

import java.util.List;
import org.fedomics.node.training.CohortMember;

/**
 * The cohort members a verified consent snapshot permits for one study and round. Only
 * {@link SnapshotCheck} creates it, so training can only ever see checked records.
 */
public final class PermittedRecords {
    private final String studyId;
    private final int round;
    private final List<CohortMember> members;
    private final int excluded;

    PermittedRecords(String studyId, int round, List<CohortMember> members, int excluded) {
        this.studyId = studyId;
        this.round = round;
        this.members = List.copyOf(members);
        this.excluded = excluded;
    }

    public String studyId() {
        return studyId;
    }

    public int round() {
        return round;
    }

    public List<CohortMember> members() {
        return members;
    }

    /** Cohort members whose consent does not permit the study at this round. */
    public int excluded() {
        return excluded;
    }
}
