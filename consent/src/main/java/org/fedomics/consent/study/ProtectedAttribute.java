package org.fedomics.consent.study;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A clinical column a fairness audit compares groups of: either categories ({@code groups} are the
 * column's values, e.g. {@code sex}: M, F) or numeric bands ({@code bandEdges} e1 &lt; e2 &lt; ...
 * split the numbers into {@code groups}, one more than edges: below e1, e1 up to but not including
 * e2, ..., e_last and above; e.g. {@code age} with edges 30, 45 and groups "&lt;30", "30-44",
 * "&gt;=45"). A record whose value is missing, is not one of the categories, or (for bands) is not a
 * number goes to {@code unknownGroup}, which the audit reports like any other group: no record is
 * dropped silently.
 */
public record ProtectedAttribute(String column, List<String> groups, List<Double> bandEdges, String unknownGroup) {
    /** The most groups an attribute may declare (besides its unknown group). */
    public static final int MAX_GROUPS = 16;

    public ProtectedAttribute {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("fairness: a protected attribute needs a column");
        }
        bandEdges = bandEdges == null ? List.of() : List.copyOf(bandEdges);
        if (groups == null || groups.isEmpty() || groups.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("fairness: attribute " + column + " needs 1.." + MAX_GROUPS + " groups");
        }
        groups = List.copyOf(groups);
        if (groups.stream().anyMatch(g -> g == null || g.isBlank() || g.length() > 64)) {
            throw new IllegalArgumentException("fairness: attribute " + column + ": every group needs a name of 1..64 characters");
        }
        if (unknownGroup == null || unknownGroup.isBlank() || unknownGroup.length() > 64) {
            throw new IllegalArgumentException("fairness: attribute " + column
                    + " needs an unknownGroup (1..64 characters) for records whose value is missing");
        }
        if (new HashSet<>(groups).size() != groups.size() || groups.contains(unknownGroup)) {
            throw new IllegalArgumentException("fairness: attribute " + column + ": groups and unknownGroup must all differ");
        }
        if (!bandEdges.isEmpty()) {
            if (groups.size() != bandEdges.size() + 1) {
                throw new IllegalArgumentException("fairness: attribute " + column + ": " + bandEdges.size() + " band edges make "
                        + (bandEdges.size() + 1) + " bands, but " + groups.size() + " groups are named");
            }
            for (int i = 0; i < bandEdges.size(); i++) {
                Double edge = bandEdges.get(i);
                if (edge == null || !Double.isFinite(edge) || (i > 0 && !(edge > bandEdges.get(i - 1)))) {
                    throw new IllegalArgumentException("fairness: attribute " + column
                            + ": band edges must be finite numbers in increasing order, got " + bandEdges);
                }
            }
        }
    }

    /** Categories: a record's group is its value. */
    public static ProtectedAttribute categories(String column, List<String> groups, String unknownGroup) {
        return new ProtectedAttribute(column, groups, List.of(), unknownGroup);
    }

    /** Numeric bands between {@code edges}, named {@code groups}. */
    public static ProtectedAttribute bands(String column, List<Double> edges, List<String> groups, String unknownGroup) {
        return new ProtectedAttribute(column, groups, edges, unknownGroup);
    }

    /** The groups a record can fall in: the declared ones, then the unknown group. */
    public List<String> allGroups() {
        return java.util.stream.Stream.concat(groups.stream(), java.util.stream.Stream.of(unknownGroup)).toList();
    }

    /** The index in {@link #allGroups()} of a record with clinical value {@code value}. */
    public int groupOf(Optional<String> value) {
        int unknown = groups.size();
        if (value.isEmpty()) {
            return unknown;
        }
        if (bandEdges.isEmpty()) {
            int index = groups.indexOf(value.get());
            return index >= 0 ? index : unknown;
        }
        double number;
        try {
            number = Double.parseDouble(value.get().trim());
        } catch (NumberFormatException e) {
            return unknown;
        }
        if (!Double.isFinite(number)) {
            return unknown;
        }
        int band = 0;
        while (band < bandEdges.size() && number >= bandEdges.get(band)) {
            band++;
        }
        return band;
    }
}
