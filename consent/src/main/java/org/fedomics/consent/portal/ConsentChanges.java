package org.fedomics.consent.portal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.policy.DuoModifier;

/** What changed from one version of a consent to the next, as the patient would say it. */
final class ConsentChanges {
    private final ConsentInWords words;

    ConsentChanges(ConsentInWords words) {
        this.words = Objects.requireNonNull(words, "words");
    }

    /** The changes from {@code before} (null for the first version) to {@code after}; never empty. */
    List<String> between(ConsentChoice before, ConsentChoice after) {
        if (before == null) {
            List<String> first = new ArrayList<>();
            first.add("You gave your consent.");
            first.addAll(words.describe(after));
            return List.copyOf(first);
        }
        List<String> changes = new ArrayList<>();
        if (!before.optedOut() && after.optedOut()) {
            changes.add("You opted out of all research use.");
        } else if (before.optedOut() && !after.optedOut()) {
            changes.add("You allowed research use again.");
        }
        if (!before.permission().equals(after.permission()) || !Set.copyOf(before.diseaseIds()).equals(Set.copyOf(after.diseaseIds()))) {
            changes.add("You changed what your records may be used for. " + words.purpose(after));
        }
        for (String added : minus(after.modifiers(), before.modifiers())) {
            changes.add("You added a condition: " + words.condition(DuoModifier.fromCode(added), after.modifierParameters().get(added)));
        }
        for (String removed : minus(before.modifiers(), after.modifiers())) {
            changes.add("You removed a condition: " + words.condition(DuoModifier.fromCode(removed), before.modifierParameters().get(removed)));
        }
        minus(after.deniedStudies(), before.deniedStudies()).forEach(study -> changes.add(ConsentInWords.studyAnswer(study, false)));
        minus(after.permittedStudies(), before.permittedStudies()).forEach(study -> changes.add(ConsentInWords.studyAnswer(study, true)));
        Set<String> answeredBefore = union(before.permittedStudies(), before.deniedStudies());
        minus(answeredBefore, union(after.permittedStudies(), after.deniedStudies())).forEach(study ->
                changes.add("You no longer give a separate answer for study " + study + "; your general choices decide."));
        if (!Objects.equals(before.validUntil(), after.validUntil())) {
            changes.add(after.validUntil() == null ? "Your consent no longer has an end date."
                    : "Your consent now ends on " + ConsentInWords.day(after.validUntil()) + ".");
        }
        if (changes.isEmpty()) {
            changes.add("You saved your choices without changing them.");
        }
        return List.copyOf(changes);
    }

    private static List<String> minus(java.util.Collection<String> from, java.util.Collection<String> remove) {
        Set<String> removed = new HashSet<>(remove);
        return from.stream().filter(value -> !removed.contains(value)).sorted().toList();
    }

    private static Set<String> union(List<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
