package org.fedomics.consent.policy;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One consent modifier against the study. Conditions that the study's declaration lets a machine
 * judge permit or deny; the rest abstain so that a person decides. The switch is exhaustive, so a
 * new modifier cannot be added without deciding how it is judged.
 */
final class ModifierCheck {
    private static final String PERSON_DECIDES = "a person at your hospital has to check this study.";

    private ModifierCheck() {
    }

    static Finding check(DuoModifier modifier, ConsentRecord consent, StudyDataUse study, Instant now) {
        String parameter = consent.parameter(modifier);
        return switch (modifier) {
            case NPUNCU, NCU -> study.commercial()
                    ? Finding.deny("You allowed only non-commercial use; this study is commercial.")
                    : Finding.permit("You allowed only non-commercial use; this study is not commercial.");
            case NPU -> study.commercial()
                    ? Finding.deny("You allowed use only by not-for-profit organisations; this study is commercial.")
                    : Finding.permit("You allowed use only by not-for-profit organisations; this study is not commercial.");
            case IRB -> study.ethicsApproved()
                    ? Finding.permit("You asked for approval by an ethics committee; this study has it.")
                    : Finding.deny("You asked for approval by an ethics committee; this study does not have it.");
            case NMDS -> study.methodsDevelopment()
                    ? Finding.deny("You did not allow your records to be used to develop new research methods; this study does that.")
                    : Finding.permit("You did not allow your records to be used to develop new research methods; this study does not do that.");
            case NPOA -> study.purpose() == DuoPermission.POA
                    ? Finding.deny("You did not allow research on population origins or ancestry; this study is such research.")
                    : Finding.permit("You did not allow research on population origins or ancestry; this study is not such research.");
            case TS -> timeLimit(consent, parameter, now);
            case IS -> sameName(parameter, study.institution())
                    ? Finding.permit("You allowed use only by " + parameter + "; this study is run by " + study.institution() + ".")
                    : Finding.deny("You allowed use only by " + parameter + "; this study is run by " + study.institution() + ".");
            case PS -> sameName(parameter, study.projectId())
                    ? Finding.permit("You allowed use only for project " + parameter + "; this study belongs to it.")
                    : Finding.deny("You allowed use only for project " + parameter + "; this study "
                            + (study.projectId() == null ? "belongs to no project." : "belongs to project " + study.projectId() + "."));
            // A study declares no named user, so the machine cannot tell who will see the data.
            case US -> Finding.abstain("You allowed use only by " + parameter
                    + "; the study does not say who will handle your records, so " + PERSON_DECIDES);
            case MOR -> ConsentPolicy.parseDate(parameter)
                    .map(date -> Finding.permit("You asked that no results be published before " + date
                            + "; that limits publishing, not the use of your records."))
                    .orElseGet(() -> Finding.abstain("You asked for a publication moratorium"
                            + (parameter == null ? " without a date" : " with a date we cannot read (" + parameter + ")")
                            + ", so " + PERSON_DECIDES));
            case GSO -> Finding.abstain("You allowed only genetic studies; we cannot tell from its description "
                    + "whether this study is one, so " + PERSON_DECIDES);
            case PUB -> Finding.abstain("You asked that results be published; a machine cannot check that promise, so "
                    + PERSON_DECIDES);
            case COL -> Finding.abstain("You asked that researchers collaborate with the people who collected your data; "
                    + "a machine cannot check that, so " + PERSON_DECIDES);
            case GS -> Finding.abstain("You limited use to a geographic area; a machine cannot check where the study "
                    + "works, so " + PERSON_DECIDES);
            case RTN -> Finding.abstain("You asked that results be returned to the hospital's data; a machine cannot "
                    + "check that promise, so " + PERSON_DECIDES);
            case CC -> Finding.abstain("You chose clinical care use; a machine cannot tell how that applies to a "
                    + "research study, so " + PERSON_DECIDES);
        };
    }

    private static Finding timeLimit(ConsentRecord consent, String parameter, Instant now) {
        int months = ConsentRecord.timeLimitMonths(parameter);
        if (months < 1) {
            return Finding.deny("Your time limit on use (" + parameter + ") cannot be read, so your records are not used.");
        }
        Instant end = consent.validFrom().atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
        return now.isBefore(end)
                ? Finding.permit("You allowed use for " + months + " months from " + ConsentPolicy.day(consent.validFrom())
                        + ", until " + ConsentPolicy.day(end) + ".")
                : Finding.deny("You allowed use for " + months + " months from " + ConsentPolicy.day(consent.validFrom())
                        + "; that time ended on " + ConsentPolicy.day(end) + ".");
    }

    private static boolean sameName(String consented, String declared) {
        return consented != null && declared != null && consented.trim().equalsIgnoreCase(declared.trim());
    }
}
