package org.fedomics.consent.study;

import java.util.List;
import java.util.Optional;

/** One condition a record's clinical value must meet to belong to a study's cohort. */
public record CohortRule(String column, Match match, List<String> values) {
    public enum Match { EQUALS, STARTS_WITH, ONE_OF }

    public CohortRule {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("cohort rule: column is required");
        }
        if (match == null) {
            throw new IllegalArgumentException("cohort rule on " + column + ": match is required");
        }
        if (values == null || values.isEmpty() || (match != Match.ONE_OF && values.size() != 1)) {
            throw new IllegalArgumentException("cohort rule on " + column + ": " + match + " needs "
                    + (match == Match.ONE_OF ? "at least one value" : "exactly one value"));
        }
        values = List.copyOf(values);
    }

    public boolean admits(Optional<String> value) {
        if (value.isEmpty()) {
            return false;
        }
        String v = value.get();
        return switch (match) {
            case EQUALS -> v.equals(values.get(0));
            case STARTS_WITH -> v.startsWith(values.get(0));
            case ONE_OF -> values.contains(v);
        };
    }
}
