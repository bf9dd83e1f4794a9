package org.fedomics.node.training;

/** A local record that belongs to a study's cohort: its sample, its patient's pseudonym, label and fold. */
public record CohortMember(String sampleId, String pseudonym, String label, int fold) {
}
