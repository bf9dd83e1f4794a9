package org.fedomics.consent.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The consent's permission against the study's purpose. NRES and GRU allow every research
 * purpose; HMB allows HMB and DS; DS(X) allows DS studies whose every disease is X or a kind of X;
 * POA allows only POA. It runs once per patient for every study decided, so what depends on the
 * study alone is worked out once ({@link #prepare}), and the common case (one consented disease)
 * takes no sorting.
 */
final class PurposeCheck {
    private final DiseaseHierarchy diseases;

    PurposeCheck(DiseaseHierarchy diseases) {
        this.diseases = diseases;
    }

    /**
     * A study as this check uses it: its diseases in order, and "this study is research on
     * leukemia." as every reason about its purpose ends.
     */
    record Study(StudyDataUse use, List<String> diseaseIds, String studyIs) {
    }

    Study prepare(StudyDataUse study) {
        return new Study(study, sorted(study.diseaseIds()), "this study is " + describePurpose(study) + ".");
    }

    /** Adds the findings of {@code consent} against {@code study} to {@code findings}. */
    void check(ConsentRecord consent, Study study, List<Finding> findings) {
        DuoPermission purpose = study.use().purpose();
        String studyIs = study.studyIs();
        switch (consent.permission()) {
            case NRES -> findings.add(Finding.permit("You allowed any use of your records; " + studyIs));
            case GRU -> findings.add(Finding.permit("You allowed any research; " + studyIs));
            case HMB -> findings.add(switch (purpose) {
                case HMB, DS -> Finding.permit("You allowed health or medical research; " + studyIs);
                case GRU -> Finding.deny("You allowed only health or medical research; "
                        + "this study is general research, not limited to health.");
                case POA -> Finding.deny("You allowed only health or medical research; " + studyIs);
                case NRES -> Finding.deny("This study does not declare a research purpose.");
            });
            case DS -> {
                if (purpose == DuoPermission.DS) {
                    diseaseFindings(consent, study, findings);
                } else {
                    findings.add(Finding.deny("You allowed research only on " + labels(consent.diseaseIds()) + "; " + studyIs));
                }
            }
            case POA -> findings.add(purpose == DuoPermission.POA
                    ? Finding.permit("You allowed research on population origins or ancestry; " + studyIs)
                    : Finding.deny("You allowed only research on population origins or ancestry; " + studyIs));
        }
    }

    /** One finding per study disease: covered by a consented disease, not covered, or unknown. */
    private void diseaseFindings(ConsentRecord consent, Study study, List<Finding> findings) {
        List<String> consentedIds = sorted(consent.diseaseIds());
        String consented = labels(consentedIds);
        for (String studyDisease : study.diseaseIds()) {
            DiseaseTerm studyTerm = diseases.find(studyDisease);
            if (studyTerm == null) {
                findings.add(Finding.abstain("This study names a disease code (" + studyDisease
                        + ") that we cannot look up, so a person at your hospital has to check it against your choice."));
                continue;
            }
            DiseaseTerm cover = null;
            for (String id : consentedIds) {
                DiseaseTerm term = diseases.find(id);
                if (term != null && diseases.isSameOrDescendant(studyDisease, id)) {
                    cover = term;
                    break;
                }
            }
            if (cover != null) {
                findings.add(Finding.permit("You allowed research on " + consented + "; this study is about "
                        + studyTerm.label() + (cover == studyTerm ? "." : ", a kind of " + cover.label() + ".")));
                continue;
            }
            List<String> unknownConsented = unknown(consentedIds);
            if (!unknownConsented.isEmpty()) {
                findings.add(Finding.abstain("Your consent names a disease code (" + String.join(", ", unknownConsented)
                        + ") that we cannot look up, so a person at your hospital has to check whether this study's "
                        + studyTerm.label() + " falls under it."));
            } else {
                findings.add(Finding.deny("You allowed research only on " + consented + "; this study is about "
                        + studyTerm.label() + ", which is not a kind of " + consented + "."));
            }
        }
    }

    private String describePurpose(StudyDataUse study) {
        return switch (study.purpose()) {
            case GRU -> "general research";
            case HMB -> "health or medical research";
            case DS -> "research on " + labels(study.diseaseIds());
            case POA -> "research on population origins or ancestry";
            case NRES -> "without a declared purpose";
        };
    }

    /** The ids this hierarchy does not know, in order. */
    private List<String> unknown(List<String> sortedIds) {
        List<String> unknown = new ArrayList<>(1);
        for (String id : sortedIds) {
            if (!diseases.contains(id)) {
                unknown.add(id);
            }
        }
        return unknown;
    }

    /** "leukemia", "leukemia or breast cancer": labels for known ids, the id itself otherwise, in the order of the ids. */
    private String labels(Collection<String> ids) {
        List<String> sortedIds = sorted(ids);
        if (sortedIds.size() == 1) {
            return label(sortedIds.get(0));
        }
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < sortedIds.size(); i++) {
            labels.append(i == 0 ? "" : i == sortedIds.size() - 1 ? " or " : ", ").append(label(sortedIds.get(i)));
        }
        return labels.toString();
    }

    private String label(String id) {
        DiseaseTerm term = diseases.find(id);
        return term == null ? id : term.label();
    }

    /** The ids in their natural order; one id (the common case) is not copied into a new list twice. */
    private static List<String> sorted(Collection<String> ids) {
        if (ids instanceof List<String> list && ids.size() <= 1) {
            return list;
        }
        if (ids.size() == 1) {
            return List.of(ids.iterator().next());
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        return sorted;
    }
}
