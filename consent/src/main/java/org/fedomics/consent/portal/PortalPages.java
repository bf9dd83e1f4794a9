package org.fedomics.consent.portal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedomics.consent.account.PassphraseRules;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DiseaseTerm;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.store.PatientAccount;

/**
 * The portal's pages, filled from this package's templates. Every value shown goes through
 * {@link Html#text}; the only markup is the templates' own.
 */
final class PortalPages {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** The purposes offered, broadest research purpose first, each in the words the form shows. */
    private static final Map<DuoPermission, String> PURPOSES = Map.of(
            DuoPermission.GRU, "Any kind of research",
            DuoPermission.HMB, "Health, medical or biomedical research",
            DuoPermission.DS, "Research on specific diseases only (choose them below)",
            DuoPermission.POA, "Research on population origins or ancestry only",
            DuoPermission.NRES, "Any use, without restriction");
    private static final List<DuoPermission> PURPOSE_ORDER = List.of(DuoPermission.GRU, DuoPermission.HMB, DuoPermission.DS,
            DuoPermission.POA, DuoPermission.NRES);
    private static final int DEEPEST_INDENT = 4;

    /** Which page of the signed-in navigation is shown. */
    enum Section { CONSENT, ACCESS_LOG, OTHER }

    /**
     * Who a page is for: the token for its forms, the signed-in patient (null before sign-in), a
     * notice from the previous step (null for none).
     */
    record Viewer(String csrf, PatientAccount patient, String notice) {
    }

    private final Map<String, Template> templates = new HashMap<>();
    private final DiseaseHierarchy diseases;
    private final ConsentInWords words;
    private final ConsentChanges changes;

    PortalPages(DiseaseHierarchy diseases) {
        this.diseases = diseases;
        this.words = new ConsentInWords(diseases);
        this.changes = new ConsentChanges(words);
        for (String name : List.of("layout", "nav", "notice", "error-summary", "sign-in", "enroll", "welcome", "message",
                "consent", "summary", "summary-item", "revoke", "resume", "purpose-option", "disease-option", "kind-of",
                "study-choice", "kept", "access-log", "access-log-row", "access-log-empty", "lines")) {
            templates.put(name, Template.load(name));
        }
    }

    Html signIn(Viewer viewer, String signInId, String error) {
        return page(viewer, "Sign in", Section.OTHER, fill("sign-in", "csrf", text(viewer.csrf()),
                "sign-in-id", text(signInId == null ? "" : signInId), "error", errorSummary(error)));
    }

    Html enroll(Viewer viewer, String error) {
        return page(viewer, "Your first sign-in", Section.OTHER, fill("enroll", "csrf", text(viewer.csrf()), "error", errorSummary(error),
                "min-length", text(Integer.toString(PassphraseRules.MIN_LENGTH)),
                "max-length", text(Integer.toString(PassphraseRules.MAX_LENGTH))));
    }

    Html welcome(Viewer viewer) {
        return page(viewer, "Welcome", Section.OTHER, fill("welcome", "sign-in-id", text(viewer.patient().signInId())));
    }

    /** A page that only says something, with one link onwards (errors, "signed out"). */
    Html message(Viewer viewer, String heading, String text, String link, String linkText) {
        return page(viewer, heading, Section.OTHER, fill("message", "heading", text(heading), "text", text(text),
                "link", text(link), "link-text", text(linkText)));
    }

    Html consent(Viewer viewer, Optional<ConsentView> current, ConsentForm form, String error, Instant now) {
        String version = Integer.toString(current.map(ConsentView::version).orElse(0));
        boolean optedOut = current.map(c -> c.choice().optedOut()).orElse(false);
        Html optOut = fill(optedOut ? "resume" : "revoke", "csrf", text(viewer.csrf()), "version", text(version));
        // Opted out: how to allow use again comes first. Otherwise stopping all use comes after the choices.
        return page(viewer, "My consent", Section.CONSENT, fill("consent",
                "error", errorSummary(error),
                "summary", summary(current),
                "resume", optedOut ? optOut : Html.EMPTY,
                "revoke", optedOut ? Html.EMPTY : optOut,
                "csrf", text(viewer.csrf()),
                "version", text(Integer.toString(form.version())),
                "purposes", purposes(form),
                "diseases", diseaseOptions(form),
                "no-commercial", Html.attributeIf(form.noCommercial(), "checked"),
                "studies", studies(form),
                "new-study", text(form.newStudy()),
                "new-study-yes", Html.attributeIf(form.newStudyAnswer() == ConsentForm.StudyAnswer.YES, "checked"),
                "new-study-no", Html.attributeIf(form.newStudyAnswer() == ConsentForm.StudyAnswer.NO, "checked"),
                "kept", kept(current, now)));
    }

    Html accessLog(Viewer viewer, List<UseView> uses, List<ConsentView> history) {
        List<AccessLog.Entry> entries = AccessLog.of(uses, history, changes);
        List<Html> rows = new ArrayList<>();
        for (AccessLog.Entry entry : entries) {
            rows.add(row(entry));
        }
        if (rows.isEmpty()) {
            rows.add(fill("access-log-empty"));
        }
        return page(viewer, "Uses of my data", Section.ACCESS_LOG, fill("access-log", "rows", Html.join(rows)));
    }

    /**
     * One entry of the access log as a table row. A column added here (and in the header of
     * {@code access-log.html}) appears on every entry; the row's data attributes say what the
     * entry is, in the values its ledger event records, for the script that checks it against the
     * ledger ({@code assets/ledger-check.js}).
     */
    private Html row(AccessLog.Entry entry) {
        boolean use = entry.kind() == AccessLog.Kind.USE;
        List<Html> what = new ArrayList<>();
        if (!use) {
            what.add(fill("lines", "text", text("Consent version " + entry.version() + ":")));
        }
        entry.what().forEach(line -> what.add(fill("lines", "text", text(line))));
        return fill("access-log-row",
                "kind", text(use ? "use" : "consent"),
                "at-iso", text(entry.at().toString()),
                "at", text(WHEN.format(entry.at())),
                "what", Html.join(what),
                "study", text(use ? entry.study() : ""),
                "round", text(use ? Integer.toString(entry.round()) : ""),
                "hospital", text(use ? entry.hospital() : ""),
                "version", text(use ? "" : Integer.toString(entry.version())));
    }

    private Html summary(Optional<ConsentView> current) {
        List<String> sentences = current.map(c -> words.describe(c.choice()))
                .orElse(List.of("You have not recorded a choice yet, so no study may use your records."));
        List<Html> items = sentences.stream().map(s -> fill("summary-item", "text", text(s))).toList();
        return fill("summary", "items", Html.join(items));
    }

    private Html purposes(ConsentForm form) {
        List<Html> options = new ArrayList<>();
        for (DuoPermission permission : PURPOSE_ORDER) {
            options.add(fill("purpose-option", "short", text(permission.shortName()), "code", text(permission.code()),
                    "label", text(PURPOSES.get(permission)), "checked", Html.attributeIf(permission.code().equals(form.purpose()), "checked")));
        }
        return Html.join(options);
    }

    private Html diseaseOptions(ConsentForm form) {
        List<Html> options = new ArrayList<>();
        List<DiseaseTerm> terms = diseases.terms();
        for (int i = 0; i < terms.size(); i++) {
            DiseaseTerm term = terms.get(i);
            List<String> parents = diseases.parentIds(term.id());
            Html kindOf = parents.isEmpty() ? Html.EMPTY : fill("kind-of", "parent", text(diseases.term(parents.get(0)).label()));
            options.add(fill("disease-option", "depth", text(Integer.toString(Math.min(depth(term.id()), DEEPEST_INDENT))),
                    "index", text(Integer.toString(i)), "id", text(term.id()), "label", text(term.label()), "kind-of", kindOf,
                    "checked", Html.attributeIf(form.diseases().contains(term.id()), "checked")));
        }
        return Html.join(options);
    }

    private int depth(String id) {
        return diseases.parentIds(id).stream().mapToInt(parent -> depth(parent) + 1).max().orElse(0);
    }

    private Html studies(ConsentForm form) {
        List<Html> studies = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, ConsentForm.StudyAnswer> study : form.studies().entrySet()) {
            ConsentForm.StudyAnswer answer = study.getValue();
            studies.add(fill("study-choice", "study", text(study.getKey()), "index", text(Integer.toString(index++)),
                    "general", Html.attributeIf(answer == ConsentForm.StudyAnswer.GENERAL, "checked"),
                    "yes", Html.attributeIf(answer == ConsentForm.StudyAnswer.YES, "checked"),
                    "no", Html.attributeIf(answer == ConsentForm.StudyAnswer.NO, "checked")));
        }
        return Html.join(studies);
    }

    /** The parts of the consent the form does not change, said in words, or nothing. */
    private Html kept(Optional<ConsentView> current, Instant now) {
        if (current.isEmpty()) {
            return Html.EMPTY;
        }
        ConsentChoice choice = current.get().choice();
        List<Html> items = new ArrayList<>();
        for (String code : choice.modifiers()) {
            if (!ConsentForm.NON_COMMERCIAL_CODES.contains(code)) {
                items.add(fill("summary-item", "text", text(words.condition(DuoModifier.fromCode(code),
                        choice.modifierParameters().get(code)))));
            }
        }
        if (choice.validUntil() != null && !choice.validUntil().isBlank()) {
            String day = ConsentInWords.day(choice.validUntil());
            items.add(fill("summary-item", "text", text(ConsentForm.carriedEndDate(Optional.of(choice), now) != null
                    ? "Your consent ends on " + day + "."
                    : "Your consent ended on " + day + ". Saving your choices gives a new consent without an end date.")));
        }
        return items.isEmpty() ? Html.EMPTY : fill("kept", "items", Html.join(items));
    }

    private Html errorSummary(String error) {
        return error == null ? Html.EMPTY : fill("error-summary", "text", text(error));
    }

    private Html page(Viewer viewer, String title, Section section, Html content) {
        Html nav = viewer.patient() == null ? Html.EMPTY : fill("nav", "csrf", text(viewer.csrf()),
                "sign-in-id", text(viewer.patient().signInId()),
                "consent-current", Html.attributeIf(section == Section.CONSENT, "aria-current=\"page\""),
                "log-current", Html.attributeIf(section == Section.ACCESS_LOG, "aria-current=\"page\""));
        Html notice = viewer.notice() == null ? Html.EMPTY : fill("notice", "text", text(viewer.notice()));
        return fill("layout", "title", text(title), "nav", nav, "notice", notice, "content", content);
    }

    /** Fills a template from name-value pairs: {@code fill("row", "study", text(id), ...)}. */
    private Html fill(String template, Object... slotsAndValues) {
        Map<String, Html> values = new HashMap<>();
        for (int i = 0; i < slotsAndValues.length; i += 2) {
            values.put((String) slotsAndValues[i], (Html) slotsAndValues[i + 1]);
        }
        return templates.get(template).render(values);
    }

    private static Html text(String value) {
        return Html.text(value);
    }
}
