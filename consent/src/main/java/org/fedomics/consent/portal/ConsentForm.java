package org.fedomics.consent.portal;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.web.ServiceResult;

/**
 * The consent form as the patient sees and submits it: a purpose, diseases, "no commercial use",
 * and an answer per study. It changes only what it shows: the consent's other conditions, its end
 * date and its opt-out are carried over from the current version untouched (an end date that has
 * passed is not: saving choices after it gives a new consent).
 *
 * @param version the consent version the form was shown for (0: none yet), to notice a change
 *                made elsewhere in between
 * @param purpose a DUO permission code, or null if none was chosen
 * @param studies every study the form asks about, with the patient's answer (null: no valid answer)
 */
record ConsentForm(int version, String purpose, Set<String> diseases, boolean noCommercial, Map<String, StudyAnswer> studies,
                   String newStudy, StudyAnswer newStudyAnswer) {
    static final String STUDY_FIELD = "study:";
    static final Set<String> NON_COMMERCIAL_CODES = Set.of(DuoModifier.NCU.code(), DuoModifier.NPU.code(), DuoModifier.NPUNCU.code());
    private static final Pattern NEW_STUDY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");
    private static final int MAX_STUDY_ID_LENGTH = 200;

    /** A patient's answer about one study. */
    enum StudyAnswer {
        GENERAL("general"), YES("yes"), NO("no");

        final String value;

        StudyAnswer(String value) {
            this.value = value;
        }

        static StudyAnswer parse(String value) {
            for (StudyAnswer answer : values()) {
                if (answer.value.equals(value)) {
                    return answer;
                }
            }
            return null;
        }
    }

    ConsentForm {
        diseases = Set.copyOf(diseases);
        studies = new TreeMap<>(studies);
        newStudy = newStudy == null ? "" : newStudy;
    }

    /** The form filled in with the current consent, asking about every study that used the records or was answered. */
    static ConsentForm of(Optional<ConsentView> current, Collection<String> usedStudies) {
        Map<String, StudyAnswer> studies = new HashMap<>();
        usedStudies.forEach(study -> studies.put(study, StudyAnswer.GENERAL));
        if (current.isEmpty()) {
            return new ConsentForm(0, null, Set.of(), false, studies, "", null);
        }
        ConsentChoice choice = current.get().choice();
        choice.permittedStudies().forEach(study -> studies.put(study, StudyAnswer.YES));
        choice.deniedStudies().forEach(study -> studies.put(study, StudyAnswer.NO));
        boolean noCommercial = choice.modifiers().stream().anyMatch(NON_COMMERCIAL_CODES::contains);
        return new ConsentForm(current.get().version(), choice.permission(), Set.copyOf(choice.diseaseIds()), noCommercial,
                studies, "", null);
    }

    /** The form as submitted; nothing is judged yet ({@link #toChoice} does). */
    static ConsentForm parse(MultiMap form) {
        Map<String, StudyAnswer> studies = new HashMap<>();
        for (String name : form.names()) {
            if (name.startsWith(STUDY_FIELD)) {
                studies.put(name.substring(STUDY_FIELD.length()), StudyAnswer.parse(form.get(name)));
            }
        }
        String purpose = form.get("purpose");
        return new ConsentForm(version(form.get("version")), purpose == null || purpose.isBlank() ? null : purpose,
                new LinkedHashSet<>(form.getAll("disease")), "yes".equals(form.get("noCommercial")), studies,
                form.get("newStudy") == null ? "" : form.get("newStudy").trim(), StudyAnswer.parse(form.get("newStudyAnswer")));
    }

    /** The version a form field names; -1 (matching no consent) if it is not a number. */
    static int version(String field) {
        try {
            return field == null ? -1 : Integer.parseInt(field.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The consent this form asks for, starting from {@code current}; a failure says, in the
     * patient's words, what to correct.
     */
    ServiceResult<ConsentChoice> toChoice(Optional<ConsentView> current, DiseaseHierarchy hierarchy, Instant now) {
        DuoPermission permission;
        try {
            permission = purpose == null ? null : DuoPermission.fromCode(purpose);
        } catch (IllegalArgumentException unknown) {
            permission = null;
        }
        if (permission == null) {
            return ServiceResult.fail(BAD_REQUEST, "Choose what your records may be used for.");
        }
        List<String> chosenDiseases = permission == DuoPermission.DS ? diseases.stream().sorted().toList() : List.of();
        if (permission == DuoPermission.DS && chosenDiseases.isEmpty()) {
            return ServiceResult.fail(BAD_REQUEST, "Choose at least one disease, or another kind of research.");
        }
        if (!chosenDiseases.stream().allMatch(hierarchy::contains)) {
            return ServiceResult.fail(BAD_REQUEST, "Choose diseases from the list.");
        }
        Map<String, StudyAnswer> answers = new TreeMap<>(studies);
        for (Map.Entry<String, StudyAnswer> answer : answers.entrySet()) {
            if (answer.getKey().isBlank() || answer.getKey().length() > MAX_STUDY_ID_LENGTH || answer.getValue() == null) {
                return ServiceResult.fail(BAD_REQUEST, "Choose one answer for each study.");
            }
        }
        if (!newStudy.isEmpty()) {
            if (!NEW_STUDY_ID.matcher(newStudy).matches()) {
                return ServiceResult.fail(BAD_REQUEST, "A study id has only letters, digits, dots, dashes, underscores and colons, "
                        + "and at most " + MAX_STUDY_ID_LENGTH + " of them.");
            }
            if (newStudyAnswer == null || newStudyAnswer == StudyAnswer.GENERAL) {
                return ServiceResult.fail(BAD_REQUEST, "Say yes or no for study " + newStudy + ".");
            }
            answers.put(newStudy, newStudyAnswer);
        }
        Optional<ConsentChoice> before = current.map(ConsentView::choice);
        Set<String> permitted = new LinkedHashSet<>(before.map(ConsentChoice::permittedStudies).orElse(List.of()));
        Set<String> denied = new LinkedHashSet<>(before.map(ConsentChoice::deniedStudies).orElse(List.of()));
        answers.forEach((study, answer) -> {
            permitted.remove(study);
            denied.remove(study);
            if (answer == StudyAnswer.YES) {
                permitted.add(study);
            } else if (answer == StudyAnswer.NO) {
                denied.add(study);
            }
        });
        return ServiceResult.ok(new ConsentChoice(permission.code(), chosenDiseases, modifiers(before),
                parameters(before), permitted.stream().sorted().toList(), denied.stream().sorted().toList(),
                carriedEndDate(before, now), before.map(ConsentChoice::optedOut).orElse(false)));
    }

    /** The current consent's end date if it is still ahead; a new version cannot end before it begins. */
    static String carriedEndDate(Optional<ConsentChoice> current, Instant now) {
        String until = current.map(ConsentChoice::validUntil).orElse(null);
        if (until == null || until.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(until).isAfter(now) ? until : null;
        } catch (DateTimeParseException unreadable) {
            // Stored consents always carry an ISO instant; anything else is passed on for the service to refuse by name.
            return until;
        }
    }

    /** The current conditions with "no commercial use" set as the form says, keeping the patient's exact DUO terms for it. */
    private List<String> modifiers(Optional<ConsentChoice> before) {
        List<String> kept = new ArrayList<>(before.map(ConsentChoice::modifiers).orElse(List.of()));
        boolean hadNonCommercial = kept.stream().anyMatch(NON_COMMERCIAL_CODES::contains);
        if (!noCommercial) {
            kept.removeIf(NON_COMMERCIAL_CODES::contains);
        } else if (!hadNonCommercial) {
            kept.add(DuoModifier.NCU.code());
        }
        return kept.stream().sorted().toList();
    }

    private static Map<String, String> parameters(Optional<ConsentChoice> before) {
        // None of the non-commercial terms takes a parameter, so every parameter stays with its modifier.
        return before.map(ConsentChoice::modifierParameters).orElse(Map.of());
    }
}
