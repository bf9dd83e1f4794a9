package org.fedomics.consent.study;

/**
 * Work the coordinator hands a node over the node's outbound channel: decide on a study, add its
 * feature statistics to the consortium's before round 1 (compute them, then advertise keys for
 * their secure sum; {@code round} 0), take part in a round (train, then advertise keys for its
 * secure aggregation), add its fairness counts to the consortium's after the last round (score its
 * held-out records, then advertise keys; {@code round} {@value #AUDIT_ROUND}), perform the next step
 * of any of these secure aggregations, or learn that a study has ended. {@code step} is null for
 * decisions and ends.
 */
public record NodeTask(Kind kind, String studyId, int round, StudyDefinition study, SecAggStep step) {
    public enum Kind { DECIDE, STATISTICS, ROUND, AUDIT, SECAGG, ENDED }

    /** The round number of a study's statistics aggregation, which comes before round 1. */
    public static final int STATISTICS_ROUND = 0;

    /**
     * The round number of a study's fairness audit, which comes after its last round: above every
     * round a plan can have, so that it is the same for every study and names the audit wherever a
     * round number is recorded (consent snapshots, the use ledger).
     */
    public static final int AUDIT_ROUND = TrainingPlan.MAX_ROUNDS + 1;

    public static NodeTask decide(StudyDefinition study) {
        return new NodeTask(Kind.DECIDE, study.id(), 0, study, null);
    }

    public static NodeTask statistics(StudyDefinition study, SecAggStep advertise) {
        return new NodeTask(Kind.STATISTICS, study.id(), STATISTICS_ROUND, study, advertise);
    }

    public static NodeTask round(StudyDefinition study, int round, SecAggStep advertise) {
        return new NodeTask(Kind.ROUND, study.id(), round, study, advertise);
    }

    public static NodeTask audit(StudyDefinition study, SecAggStep advertise) {
        return new NodeTask(Kind.AUDIT, study.id(), AUDIT_ROUND, study, advertise);
    }

    public static NodeTask secagg(StudyDefinition study, int round, SecAggStep step) {
        return new NodeTask(Kind.SECAGG, study.id(), round, study, step);
    }

    public static NodeTask ended(StudyDefinition study) {
        return new NodeTask(Kind.ENDED, study.id(), 0, study, null);
    }
}
