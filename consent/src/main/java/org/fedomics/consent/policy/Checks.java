package org.fedomics.consent.policy;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Argument checks shared by the records of this package; each error names the field. */
final class Checks {
    /** An ontology identifier: prefix, colon, local id (MONDO:0005059). */
    static final Pattern CURIE = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*:[A-Za-z0-9_.\\-]+");

    private Checks() {
    }

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** An immutable copy; null means empty, null elements are rejected by name. */
    static <T> Set<T> copyOf(Collection<T> values, String field) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        Set<T> copy = new LinkedHashSet<>();
        for (T v : values) {
            if (v == null) {
                throw new IllegalArgumentException(field + " must not contain null");
            }
            if (v instanceof String s && s.isBlank()) {
                throw new IllegalArgumentException(field + " must not contain a blank entry");
            }
            copy.add(v);
        }
        return Set.copyOf(copy);
    }

    static <K, V> Map<K, V> copyOf(Map<K, V> values, String field) {
        if (values == null || values.isEmpty()) {
            return Map.of();
        }
        values.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(field + " must not contain null keys or values");
            }
        });
        return Map.copyOf(values);
    }

    static Set<String> diseaseIds(Collection<String> values, String field) {
        Set<String> ids = copyOf(values, field);
        for (String id : ids) {
            if (!CURIE.matcher(id).matches()) {
                throw new IllegalArgumentException(field + " must hold CURIEs like MONDO:0005059, found '" + id + "'");
            }
        }
        return ids;
    }
}
