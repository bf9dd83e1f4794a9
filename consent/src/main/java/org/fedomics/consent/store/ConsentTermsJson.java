package org.fedomics.consent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoModifier;

/**
 * The set-valued parts of a consent as one JSON document. Modifiers are written by DUO code, not
 * by Java name, so the stored form survives renaming; lists are sorted so equal consents are
 * stored identically.
 */
final class ConsentTermsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stored shape (version 1). */
    record Terms(List<String> diseaseIds, List<String> modifiers, Map<String, String> modifierParameters,
                 List<String> permittedStudies, List<String> deniedStudies) {
    }

    /** The decoded parts, ready for a {@link ConsentRecord}. */
    record Decoded(Set<String> diseaseIds, Set<DuoModifier> modifiers, Map<DuoModifier, String> modifierParameters,
                   Set<String> permittedStudies, Set<String> deniedStudies) {
    }

    private ConsentTermsJson() {
    }

    static String write(ConsentRecord record) {
        Map<String, String> parameters = new TreeMap<>();
        record.modifierParameters().forEach((m, v) -> parameters.put(m.code(), v));
        Terms terms = new Terms(
                sorted(record.diseaseIds()),
                record.modifiers().stream().sorted(Comparator.naturalOrder()).map(DuoModifier::code).toList(),
                parameters,
                sorted(record.permittedStudies()),
                sorted(record.deniedStudies()));
        try {
            return JSON.writeValueAsString(terms);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write consent terms as JSON", e);
        }
    }

    static Decoded read(String json, String where) {
        Terms terms;
        try {
            terms = JSON.readValue(json, Terms.class);
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the stored text: keep only the kind of failure.
            throw new IllegalStateException("stored consent terms of " + where + " are not valid JSON", RedactedFailure.of(e));
        }
        Set<DuoModifier> modifiers = EnumSet.noneOf(DuoModifier.class);
        terms.modifiers().forEach(code -> modifiers.add(DuoModifier.fromCode(code)));
        Map<DuoModifier, String> parameters = new EnumMap<>(DuoModifier.class);
        terms.modifierParameters().forEach((code, value) -> parameters.put(DuoModifier.fromCode(code), value));
        return new Decoded(Set.copyOf(terms.diseaseIds()), modifiers, parameters,
                Set.copyOf(terms.permittedStudies()), Set.copyOf(terms.deniedStudies()));
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
