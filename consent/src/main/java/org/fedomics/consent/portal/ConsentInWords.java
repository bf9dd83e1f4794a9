package org.fedomics.consent.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;

/**
 * A consent in the words of the person who gave it: what their records may be used for, under
 * which conditions, and their answers for single studies. Codes (DUO, MONDO) never appear alone.
 */
final class ConsentInWords {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private final DiseaseHierarchy diseases;

    ConsentInWords(DiseaseHierarchy diseases) {
        this.diseases = Objects.requireNonNull(diseases, "diseases");
    }

    /** Every sentence needed to say what {@code choice} allows, the purpose first. */
    List<String> describe(ConsentChoice choice) {
        List<String> sentences = new ArrayList<>();
        if (choice.optedOut()) {
            sentences.add("You opted out of all research use: no study may use your records, whatever else is written here.");
        }
        sentences.add(purpose(choice));
        for (String code : choice.modifiers()) {
            sentences.add(condition(DuoModifier.fromCode(code), choice.modifierParameters().get(code)));
        }
        choice.permittedStudies().forEach(study -> sentences.add(studyAnswer(study, true)));
        choice.deniedStudies().forEach(study -> sentences.add(studyAnswer(study, false)));
        if (choice.validUntil() != null && !choice.validUntil().isBlank()) {
            sentences.add("Your consent ends on " + day(choice.validUntil()) + ".");
        }
        return List.copyOf(sentences);
    }

    /** What the records may be used for, as one sentence. */
    String purpose(ConsentChoice choice) {
        return switch (DuoPermission.fromCode(choice.permission())) {
            case NRES -> "Your records may be used for any purpose, without restriction.";
            case GRU -> "Your records may be used for any kind of research.";
            case HMB -> "Your records may be used for health, medical or biomedical research.";
            case DS -> "Your records may be used only for research on " + diseaseList(choice.diseaseIds())
                    + ", including the kinds of " + (choice.diseaseIds().size() == 1 ? "that disease." : "those diseases.");
            case POA -> "Your records may be used only for research on population origins or ancestry.";
        };
    }

    /** A condition (DUO modifier) in words; the switch is exhaustive, so a new modifier needs its sentence. */
    String condition(DuoModifier modifier, String parameter) {
        return switch (modifier) {
            case NPUNCU -> "Only not-for-profit organisations may use them, and not for commercial purposes.";
            case NPU -> "Only not-for-profit organisations may use them.";
            case NCU -> "They may not be used for commercial purposes.";
            case IRB -> "Only studies approved by an ethics committee may use them.";
            case PUB -> "Studies that use them must publish their results.";
            case MOR -> parameter == null ? "Results may be published only after a waiting period."
                    : "Results may not be published before " + day(parameter) + ".";
            case TS -> "They may be used for " + parameter + " months from the day you gave this consent.";
            case US -> "Only the person you named, " + parameter + ", may use them.";
            case PS -> "Only the project " + parameter + " may use them.";
            case IS -> "Only studies run by " + parameter + " may use them.";
            case RTN -> "Studies must return their results to your hospital's data.";
            case NMDS -> "They may not be used only to develop new research methods.";
            case GSO -> "They may be used only for genetic studies.";
            case COL -> "Studies must work together with the people who collected your data.";
            case GS -> "They may be used only in certain places.";
            case NPOA -> "They may not be used for research on population origins or ancestry.";
            case CC -> "They may also be used for clinical care.";
        };
    }

    static String studyAnswer(String study, boolean yes) {
        return yes ? "You said yes to study " + study + ", whatever it is about." : "You said no to study " + study + ".";
    }

    String diseaseList(List<String> ids) {
        List<String> labels = ids.stream().map(this::diseaseLabel).toList();
        if (labels.size() <= 1) {
            return String.join("", labels);
        }
        return labels.subList(0, labels.size() - 1).stream().collect(Collectors.joining(", ")) + " and " + labels.get(labels.size() - 1);
    }

    String diseaseLabel(String id) {
        return diseases.contains(id) ? diseases.term(id).label() : "the disease " + id;
    }

    /** An ISO date or instant as a day ({@code 5 November 2026}); anything else as given. */
    static String day(String isoDateOrInstant) {
        try {
            return DAY.format(Instant.parse(isoDateOrInstant));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return DAY.format(LocalDate.parse(isoDateOrInstant).atStartOfDay(ZoneOffset.UTC));
            } catch (DateTimeParseException notADate) {
                return isoDateOrInstant;
            }
        }
    }
}
