package org.fedomics.consent.policy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One version of a patient's consent. Versions are appended, never edited: a change (narrowing,
 * widening, opting out) is a new record with {@code version + 1}.
 *
 * @param permission         exactly one DUO permission
 * @param diseaseIds         the consented diseases (MONDO ids); required for DS, empty otherwise
 * @param modifierParameters parameters of modifiers that take one: TS months (a positive integer),
 *                           US user, PS project, IS institution (required); MOR date (optional)
 * @param permittedStudies   studies the patient said yes to, whatever the permission
 * @param deniedStudies      studies the patient said no to; beats every permit
 * @param validUntil         end of validity (exclusive), or null for no end
 * @param optedOut           a withdrawal from all secondary use; beats everything
 */
public record ConsentRecord(
        String pseudonym,
        int version,
        DuoPermission permission,
        Set<String> diseaseIds,
        Set<DuoModifier> modifiers,
        Map<DuoModifier, String> modifierParameters,
        Set<String> permittedStudies,
        Set<String> deniedStudies,
        Instant validFrom,
        Instant validUntil,
        boolean optedOut,
        Instant recordedAt) {

    public ConsentRecord {
        Checks.notBlank(pseudonym, "pseudonym");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        Checks.notNull(permission, "permission");
        diseaseIds = Checks.diseaseIds(diseaseIds, "diseaseIds");
        if (permission == DuoPermission.DS && diseaseIds.isEmpty()) {
            throw new IllegalArgumentException("diseaseIds must name at least one disease for permission DS");
        }
        if (permission != DuoPermission.DS && !diseaseIds.isEmpty()) {
            throw new IllegalArgumentException("diseaseIds must be empty for permission " + permission + " (only DS names diseases)");
        }
        modifiers = Checks.copyOf(modifiers, "modifiers");
        modifierParameters = Checks.copyOf(modifierParameters, "modifierParameters");
        checkParameters(modifiers, modifierParameters);
        permittedStudies = Checks.copyOf(permittedStudies, "permittedStudies");
        deniedStudies = Checks.copyOf(deniedStudies, "deniedStudies");
        Set<String> both = new HashSet<>(permittedStudies);
        both.retainAll(deniedStudies);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("permittedStudies and deniedStudies both contain " + both);
        }
        Checks.notNull(validFrom, "validFrom");
        if (validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("validUntil (" + validUntil + ") must be after validFrom (" + validFrom + ")");
        }
        Checks.notNull(recordedAt, "recordedAt");
    }

    private static void checkParameters(Set<DuoModifier> modifiers, Map<DuoModifier, String> parameters) {
        parameters.forEach((modifier, value) -> {
            if (!modifiers.contains(modifier)) {
                throw new IllegalArgumentException("modifierParameters has a value for " + modifier + ", which is not in modifiers");
            }
            if (!modifier.takesParameter()) {
                throw new IllegalArgumentException("modifierParameters: " + modifier + " takes no parameter");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("modifierParameters: the value for " + modifier + " must not be blank");
            }
        });
        for (DuoModifier required : Set.of(DuoModifier.TS, DuoModifier.US, DuoModifier.PS, DuoModifier.IS)) {
            if (modifiers.contains(required) && !parameters.containsKey(required)) {
                throw new IllegalArgumentException("modifierParameters must give a value for " + required + " ("
                        + required.label() + ")");
            }
        }
        String months = parameters.get(DuoModifier.TS);
        if (months != null && timeLimitMonths(months) < 1) {
            throw new IllegalArgumentException("modifierParameters: TS must be a positive number of months, was '" + months + "'");
        }
    }

    /** The TS parameter as months, or -1 if it is not a whole number. */
    static int timeLimitMonths(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The parameter of a modifier, or null if it has none. */
    public String parameter(DuoModifier modifier) {
        return modifierParameters.get(modifier);
    }
}
