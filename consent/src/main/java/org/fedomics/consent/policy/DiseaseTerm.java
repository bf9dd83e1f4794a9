package org.fedomics.consent.policy;

/** A disease from the bundled hierarchy, e.g. {@code MONDO:0005059 leukemia}. */
public record DiseaseTerm(String id, String label) {
    public DiseaseTerm {
        if (id == null || !Checks.CURIE.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be a CURIE like MONDO:0005059, was '" + id + "'");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label of " + id + " must not be blank");
        }
    }
}
