package org.fedomics.node.round;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.fedomics.consent.study.StudyDefinition;

/**
 * Which rounds this node trains: only of a study exactly as the steward approved it (its privacy
 * plan included: a coordinator cannot swap in another definition after approval), only rounds the
 * plan has, and each round once, so that no round spends the patients' privacy twice.
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
        if (!trained.computeIfAbsent(study.id(), id -> ConcurrentHashMap.newKeySet()).add(round)) {
            return Optional.of("study " + study.id() + " round " + round + " was already trained here; a repeat would spend privacy twice");
        }
        return Optional.empty();
    }
}
