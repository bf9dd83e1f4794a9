package org.fedomics.consent.study;

/**
 * Work the coordinator hands a node over the node's outbound channel: decide on a study, take
 * part in a round, or learn that a study has ended.
 */
public record NodeTask(Kind kind, String studyId, int round, StudyDefinition study) {
    public enum Kind { DECIDE, ROUND, ENDED }

    public static NodeTask decide(StudyDefinition study) {
        return new NodeTask(Kind.DECIDE, study.id(), 0, study);
    }

    public static NodeTask round(StudyDefinition study, int round) {
        return new NodeTask(Kind.ROUND, study.id(), round, study);
    }

    public static NodeTask ended(StudyDefinition study) {
        return new NodeTask(Kind.ENDED, study.id(), 0, study);
    }
}
