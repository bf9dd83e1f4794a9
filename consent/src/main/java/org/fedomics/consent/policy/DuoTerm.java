package org.fedomics.consent.policy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A term of the GA4GH Data Use Ontology, named by its CURIE. */
interface DuoTerm {
    String code();

    String name();

    /** The term of {@code terms} with this code; an unknown code is an error that lists the known ones. */
    static <T extends DuoTerm> T fromCode(T[] terms, String code, String kind) {
        for (T term : terms) {
            if (term.code().equals(code)) {
                return term;
            }
        }
        throw new IllegalArgumentException("unknown DUO " + kind + " code '" + code + "'; expected one of "
                + Arrays.stream(terms).map(t -> t.code() + " (" + t.name() + ")").collect(Collectors.joining(", ")));
    }
}
