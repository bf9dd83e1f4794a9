package org.fedomics.consent.study;

import java.util.regex.Pattern;

/** A study as the consortium knows it: the coordinator's id for it and the researcher's request. */
public record StudyDefinition(String id, String researcher, StudyRequest request) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");

    public StudyDefinition {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("study id must match " + ID.pattern());
        }
        if (researcher == null || researcher.isBlank()) {
            throw new IllegalArgumentException("researcher is required");
        }
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
    }
}
