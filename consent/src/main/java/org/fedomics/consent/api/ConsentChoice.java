package org.fedomics.consent.api;

import java.util.List;
import java.util.Map;

/**
 * What a patient chooses: one DUO permission (code), disease terms for disease-specific research,
 * DUO modifier codes with their parameters (months for a time limit, ...), studies explicitly allowed or refused, an optional end date, and the
 * overriding opt-out from all secondary use.
 */
public record ConsentChoice(String permission, List<String> diseaseIds, List<String> modifiers,
                            Map<String, String> modifierParameters, List<String> permittedStudies, List<String> deniedStudies, String validUntil,
                            boolean optedOut) {
    public ConsentChoice {
        diseaseIds = diseaseIds == null ? List.of() : List.copyOf(diseaseIds);
        modifiers = modifiers == null ? List.of() : List.copyOf(modifiers);
        modifierParameters = modifierParameters == null ? Map.of() : Map.copyOf(modifierParameters);
        permittedStudies = permittedStudies == null ? List.of() : List.copyOf(permittedStudies);
        deniedStudies = deniedStudies == null ? List.of() : List.copyOf(deniedStudies);
    }
}
