package org.fedomics.consent.study;

import java.util.List;

/** The binary outcome a study predicts: a clinical column and its negative and positive values. */
public record Outcome(String column, String negative, String positive) {
    public Outcome {
        if (column == null || column.isBlank() || negative == null || positive == null || negative.equals(positive)) {
            throw new IllegalArgumentException("outcome needs a column and two different values, got "
                    + column + " " + negative + "/" + positive);
        }
    }

    /** Labels in the order every site's model uses: negative first. */
    public List<String> labels() {
        return List.of(negative, positive);
    }
}
