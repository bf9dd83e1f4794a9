package org.fedomics.node.round;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.StudyDefinition;

/**
 * Which rounds this node trains: only of a study exactly as the steward approved it (its privacy
 * plan included: a coordinator cannot swap in another definition after approval), only rounds the
 * plan has, and each round once, so that no round spends the patients' privacy twice. The same
 * holds for the study's statistics before round 1 ("round 0"): only for a study that uses
 * consortium statistics, and only once; and for its fairness audit after the last round: only for a
 * study that declares one, and only once.
 */
public final class RoundAdmission {
    private final Map<String, StudyDefinition> approved = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> trained = new ConcurrentHashMap<>();

    public void approve(StudyDefinition study) {
        approved.put(study.id(), study);
    }

    /** Admits the round (and remembers it), or says why not. */
    public Optional<String> admit(StudyDefinition study, int round) {
        if (!study.equals(approved.get(study.id()))) {
            return Optional.of("study " + study.id() + " was not approved by this hospital in this form; round " + round + " refused");
        }
        if (round < 1 || round > study.request().plan().rounds()) {
            return Optional.of("study " + study.id() + " plans " + study.request().plan().rounds() + " rounds; round " + round
                    + " refused");
        }
        return once(study, round, "round " + round + " was already trained here; a repeat would spend privacy twice");
    }

    /** Admits the study's statistics aggregation (and remembers it), or says why not. */
    public Optional<String> admitStatistics(StudyDefinition study) {
        if (!study.equals(approved.get(study.id()))) {
            return Optional.of("study " + study.id() + " was not approved by this hospital in this form; statistics refused");
        }
        if (!study.request().plan().usesConsortiumStatistics()) {
            return Optional.of("study " + study.id() + " standardizes at each hospital; its statistics are not summed");
        }
        return once(study, NodeTask.STATISTICS_ROUND, "statistics were already summed here; they are summed once per study");
    }

    /** Admits the study's fairness audit (and remembers it), or says why not. */
    public Optional<String> admitAudit(StudyDefinition study) {
        if (!study.equals(approved.get(study.id()))) {
            return Optional.of("study " + study.id() + " was not approved by this hospital in this form; fairness audit refused");
        }
        if (!study.request().audited()) {
            return Optional.of("study " + study.id() + " declares no fairness audit");
        }
        return once(study, NodeTask.AUDIT_ROUND, "its fairness audit was already counted here; it is counted once per study");
    }

    private Optional<String> once(StudyDefinition study, int round, String repeated) {
        if (!trained.computeIfAbsent(study.id(), id -> ConcurrentHashMap.newKeySet()).add(round)) {
            return Optional.of("study " + study.id() + ": " + repeated);
        }
        return Optional.empty();
    }
}
