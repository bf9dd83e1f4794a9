package org.fedomics.consent.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    private static final DuoModifier[] MODIFIERS = DuoModifier.values();
    private final PurposeCheck purposes;
    /**
     * The study last decided on, with what the purpose check needs of it worked out: a snapshot
     * decides one study for many patients in a row. Immutable, so a thread that sees another's
     * entry sees it whole.
     */
    private volatile PurposeCheck.Study lastStudy;

    public ConsentPolicy(DiseaseHierarchy diseases) {
        this.purposes = new PurposeCheck(Objects.requireNonNull(diseases, "diseases"));
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
            purposes.check(consent, prepared(study), findings);
        }
        if (!consent.modifiers().isEmpty()) {
            // In the modifiers' declared order, so that reasons always come in the same order.
            for (DuoModifier modifier : MODIFIERS) {
                if (consent.modifiers().contains(modifier)) {
                    findings.add(ModifierCheck.check(modifier, consent, study, now));
                }
            }
        }
        return combine(consent.pseudonym(), findings);
    }

    private PurposeCheck.Study prepared(StudyDataUse study) {
        PurposeCheck.Study last = lastStudy;
        if (last == null || last.use() != study) {
            last = purposes.prepare(study);
            lastStudy = last;
        }
        return last;
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

    /** Any deny denies, else any abstain abstains, else a permit permits; nothing at all denies. Reasons are those of the verdict. */
    private static ConsentDecision combine(String pseudonym, List<Finding> findings) {
        boolean permit = false;
        boolean abstain = false;
        boolean deny = false;
        for (Finding finding : findings) {
            switch (finding.verdict()) {
                case PERMIT -> permit = true;
                case ABSTAIN -> abstain = true;
                case DENY -> deny = true;
            }
        }
        if (!deny && !abstain && !permit) {
            return new ConsentDecision(pseudonym, Verdict.DENY, List.of("Nothing in your consent allows this study."));
        }
        Verdict verdict = deny ? Verdict.DENY : abstain ? Verdict.ABSTAIN : Verdict.PERMIT;
        List<String> reasons = new ArrayList<>(findings.size());
        for (Finding finding : findings) {
            if (finding.verdict() == verdict) {
                reasons.add(finding.reason());
            }
        }
        return new ConsentDecision(pseudonym, verdict, reasons);
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
