package org.fedomics.coordinator.fairness;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A count as an audit publishes it: exact, or (a small cell, or one from which a small cell could
 * be worked out) only as below or at least the audit's minimum. In JSON a number, or the text
 * {@code "<5"} or {@code ">=5"} (for a minimum of 5). A withheld count keeps no exact value, so
 * nothing that holds it can leak one.
 */
public record PublishedCount(Long exact, String withheld) {
    public PublishedCount {
        if ((exact == null) == (withheld == null)) {
            throw new IllegalArgumentException("a published count is either exact or withheld");
        }
        if (exact != null && exact < 0) {
            throw new IllegalArgumentException("a count cannot be negative: " + exact);
        }
        if (withheld != null && !withheld.matches("(<|>=)[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("a withheld count reads <N or >=N, not " + withheld);
        }
    }

    public static PublishedCount exact(long count) {
        return new PublishedCount(count, null);
    }

    /** A count below {@code minimum}. */
    public static PublishedCount below(int minimum) {
        return new PublishedCount(null, "<" + minimum);
    }

    /** A count of at least {@code minimum}, withheld because a small cell could be worked out from it. */
    public static PublishedCount atLeast(int minimum) {
        return new PublishedCount(null, ">=" + minimum);
    }

    public boolean isExact() {
        return exact != null;
    }

    @JsonValue
    Object json() {
        return exact != null ? exact : withheld;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PublishedCount fromJson(Object json) {
        if (json instanceof Number number) {
            return exact(number.longValue());
        }
        if (json instanceof String text) {
            return new PublishedCount(null, text);
        }
        throw new IllegalArgumentException("a published count is a number or a text like \"<5\"");
    }

    @Override
    public String toString() {
        return String.valueOf(json());
    }
}
