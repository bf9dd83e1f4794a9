package org.fedomics.consent.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The consent's permission against the study's purpose. NRES and GRU allow every research
 * purpose; HMB allows HMB and DS; DS(X) allows DS studies whose every disease is X or a kind of X;
 * POA allows only POA.
 */
final class PurposeCheck {
    private final DiseaseHierarchy diseases;

    PurposeCheck(DiseaseHierarchy diseases) {
        this.diseases = diseases;
    }

    List<Finding> check(ConsentRecord consent, StudyDataUse study) {
        DuoPermission purpose = study.purpose();
        String studyIs = "this study is " + describePurpose(study) + ".";
        return switch (consent.permission()) {
            case NRES -> List.of(Finding.permit("You allowed any use of your records; " + studyIs));
            case GRU -> List.of(Finding.permit("You allowed any research; " + studyIs));
            case HMB -> switch (purpose) {
                case HMB, DS -> List.of(Finding.permit("You allowed health or medical research; " + studyIs));
                case GRU -> List.of(Finding.deny("You allowed only health or medical research; "
                        + "this study is general research, not limited to health."));
                case POA -> List.of(Finding.deny("You allowed only health or medical research; " + studyIs));
                case NRES -> List.of(Finding.deny("This study does not declare a research purpose."));
            };
            case DS -> purpose == DuoPermission.DS
                    ? diseaseFindings(consent, study)
                    : List.of(Finding.deny("You allowed research only on " + labels(consent.diseaseIds())
                            + "; " + studyIs));
            case POA -> purpose == DuoPermission.POA
                    ? List.of(Finding.permit("You allowed research on population origins or ancestry; " + studyIs))
                    : List.of(Finding.deny("You allowed only research on population origins or ancestry; " + studyIs));
        };
    }

    /** One finding per study disease: covered by a consented disease, not covered, or unknown. */
    private List<Finding> diseaseFindings(ConsentRecord consent, StudyDataUse study) {
        String consented = labels(consent.diseaseIds());
        List<String> unknownConsented = consent.diseaseIds().stream().filter(id -> !diseases.contains(id)).sorted().toList();
        List<Finding> findings = new ArrayList<>();
        for (String studyDisease : study.diseaseIds().stream().sorted().toList()) {
            if (!diseases.contains(studyDisease)) {
                findings.add(Finding.abstain("This study names a disease code (" + studyDisease
                        + ") that we cannot look up, so a person at your hospital has to check it against your choice."));
                continue;
            }
            String studyLabel = diseases.term(studyDisease).label();
            String cover = consent.diseaseIds().stream().sorted()
                    .filter(diseases::contains)
                    .filter(c -> diseases.isSameOrDescendant(studyDisease, c))
                    .findFirst().orElse(null);
            if (cover != null) {
                String coverLabel = diseases.term(cover).label();
                findings.add(Finding.permit("You allowed research on " + consented + "; this study is about "
                        + studyLabel + (cover.equals(studyDisease) ? "." : ", a kind of " + coverLabel + ".")));
            } else if (!unknownConsented.isEmpty()) {
                findings.add(Finding.abstain("Your consent names a disease code (" + String.join(", ", unknownConsented)
                        + ") that we cannot look up, so a person at your hospital has to check whether this study's "
                        + studyLabel + " falls under it."));
            } else {
                findings.add(Finding.deny("You allowed research only on " + consented + "; this study is about "
                        + studyLabel + ", which is not a kind of " + consented + "."));
            }
        }
        return findings;
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

    /** "leukemia", "leukemia or breast cancer": labels for known ids, the id itself otherwise. */
    private String labels(java.util.Set<String> ids) {
        List<String> labels = ids.stream().sorted()
                .map(id -> diseases.contains(id) ? diseases.term(id).label() : id)
                .collect(Collectors.toList());
        if (labels.size() == 1) {
            return labels.get(0);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }
}
