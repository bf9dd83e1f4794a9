package org.fedomics.consent.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a patient's current consent permits a study's declared data use at a given
 * moment, in the manner of the Broad's DUOS: independent checks each permit, deny or abstain; the
 * decision permits only if every check permits, abstains if any abstains and none denies, and
 * denies otherwise. It fails closed: no consent, an unknown disease, or a condition a machine
 * cannot judge never yields a permit.
 *
 * <p>Opt-out, validity and a per-study "no" cannot be overridden. A per-study "yes" replaces the
 * permission-versus-purpose check only; the consent's modifiers (non-commercial, ethics approval,
 * time limit, ...) still apply to that study.
 */
public final class ConsentPolicy {
    private final DiseaseHierarchy diseases;

    public ConsentPolicy(DiseaseHierarchy diseases) {
        this.diseases = Objects.requireNonNull(diseases, "diseases");
    }

    /** Decides for the patient of {@code consent}; a null consent (none on file) is denied. */
    public ConsentDecision decide(ConsentRecord consent, StudyDataUse study, Instant now) {
        return evaluate(consent == null ? null : consent.pseudonym(), consent, study, now);
    }

    /** As {@link #decide(ConsentRecord, StudyDataUse, Instant)}, naming the patient even when no consent is on file. */
    public ConsentDecision decide(String pseudonym, Optional<ConsentRecord> consent, StudyDataUse study, Instant now) {
        return evaluate(pseudonym, consent.orElse(null), study, now);
    }

    private ConsentDecision evaluate(String pseudonym, ConsentRecord consent, StudyDataUse study, Instant now) {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(now, "now");
        if (consent == null) {
            return new ConsentDecision(pseudonym, Verdict.DENY,
                    List.of("We have no consent from you on file, so your records are not used."));
        }
        if (pseudonym != null && !pseudonym.equals(consent.pseudonym())) {
            throw new IllegalArgumentException("pseudonym does not match the consent record's pseudonym");
        }
        if (consent.optedOut()) {
            // Opt-out beats every permit (EHDS Art. 71): nothing else is worth mentioning.
            return new ConsentDecision(consent.pseudonym(), Verdict.DENY,
                    List.of("You opted out of research use of your records, so no study may use them."));
        }
        List<Finding> findings = new ArrayList<>();
        validity(consent, now, findings);
        if (consent.deniedStudies().contains(study.studyId())) {
            findings.add(Finding.deny("You said no to study " + study.studyId() + "."));
        }
        if (consent.permittedStudies().contains(study.studyId())) {
            findings.add(Finding.permit("You said yes to study " + study.studyId() + "."));
        } else {
            findings.addAll(new PurposeCheck(diseases).check(consent, study));
        }
        consent.modifiers().stream()
                .sorted(Comparator.naturalOrder())
                .map(m -> ModifierCheck.check(m, consent, study, now))
                .forEach(findings::add);
        return combine(consent.pseudonym(), findings);
    }

    private static void validity(ConsentRecord consent, Instant now, List<Finding> findings) {
        if (now.isBefore(consent.validFrom())) {
            findings.add(Finding.deny("Your consent starts on " + day(consent.validFrom())
                    + "; your records cannot be used before then."));
        }
        if (consent.validUntil() != null && !now.isBefore(consent.validUntil())) {
            findings.add(Finding.deny("Your consent ended on " + day(consent.validUntil()) + "."));
        }
    }

    private static ConsentDecision combine(String pseudonym, List<Finding> findings) {
        for (Verdict verdict : List.of(Verdict.DENY, Verdict.ABSTAIN)) {
            List<String> reasons = reasonsOf(findings, verdict);
            if (!reasons.isEmpty()) {
                return new ConsentDecision(pseudonym, verdict, reasons);
            }
        }
        List<String> permits = reasonsOf(findings, Verdict.PERMIT);
        if (permits.isEmpty()) {
            return new ConsentDecision(pseudonym, Verdict.DENY, List.of("Nothing in your consent allows this study."));
        }
        return new ConsentDecision(pseudonym, Verdict.PERMIT, permits);
    }

    private static List<String> reasonsOf(List<Finding> findings, Verdict verdict) {
        return findings.stream().filter(f -> f.verdict() == verdict).map(Finding::reason).collect(Collectors.toList());
    }

    static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** A MOR parameter as a date (2027-01-31 or an ISO instant), if it parses. */
    static Optional<LocalDate> parseDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.trim()));
        } catch (DateTimeParseException notADate) {
            try {
                return Optional.of(LocalDate.ofInstant(Instant.parse(value.trim()), ZoneOffset.UTC));
            } catch (DateTimeParseException notAnInstant) {
                return Optional.empty();
            }
        }
    }
}
