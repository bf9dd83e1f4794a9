package org.fedomics.consent.study;

/**
 * Work the coordinator hands a node over the node's outbound channel: decide on a study, take
 * part in a round (train, then advertise keys for its secure aggregation), perform the next step of
 * that secure aggregation, or learn that a study has ended. {@code step} is null for decisions and ends.
 */
public record NodeTask(Kind kind, String studyId, int round, StudyDefinition study, SecAggStep step) {
    public enum Kind { DECIDE, ROUND, SECAGG, ENDED }

    public static NodeTask decide(StudyDefinition study) {
        return new NodeTask(Kind.DECIDE, study.id(), 0, study, null);
    }

    public static NodeTask round(StudyDefinition study, int round, SecAggStep advertise) {
        return new NodeTask(Kind.ROUND, study.id(), round, study, advertise);
    }

    public static NodeTask secagg(StudyDefinition study, int round, SecAggStep step) {
        return new NodeTask(Kind.SECAGG, study.id(), round, study, step);
    }

    public static NodeTask ended(StudyDefinition study) {
        return new NodeTask(Kind.ENDED, study.id(), 0, study, null);
    }
}
