package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedomics.consent.study.CohortRule;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.node.dataset.LocalDataset;
import org.fedomics.node.dataset.PatientRegistry;
import org.fedomics.node.evaluation.CrossFitFolds;

/**
 * The records of one dataset that a study's cohort rules and outcome select, with their
 * cross-fitting folds. Records without an enrolled patient cannot have consent and are left out.
 */
public final class StudyCohort {
    private StudyCohort() {
    }

    public static List<CohortMember> select(StudyRequest study, LocalDataset dataset, PatientRegistry patients) {
        Map<String, String> labels = labelsOf(study, dataset);
        Map<String, Integer> folds = CrossFitFolds.assign(labels, study.plan().folds(), study.plan().seed());
        List<CohortMember> members = new ArrayList<>();
        for (var e : labels.entrySet()) {
            Optional<String> pseudonym = patients.pseudonymOf(e.getKey());
            pseudonym.ifPresent(p -> members.add(new CohortMember(e.getKey(), p, e.getValue(), folds.get(e.getKey()))));
        }
        return members;
    }

    /** Sample id to outcome label for every sample the cohort rules admit and whose outcome is known. */
    public static Map<String, String> labelsOf(StudyRequest study, LocalDataset dataset) {
        Map<String, String> labels = new HashMap<>();
        var outcome = study.outcome();
        for (String sample : dataset.expression().sampleIds()) {
            boolean admitted = true;
            for (CohortRule rule : study.cohort()) {
                admitted &= rule.admits(dataset.clinical().value(sample, rule.column()));
            }
            Optional<String> value = dataset.clinical().value(sample, outcome.column());
            if (admitted && value.isPresent() && outcome.labels().contains(value.get())) {
                labels.put(sample, value.get());
            }
        }
        return labels;
    }
}
