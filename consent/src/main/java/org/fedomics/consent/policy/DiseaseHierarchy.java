package org.fedomics.consent.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small disease hierarchy (a subset of MONDO) used to decide whether a study's disease falls
 * under a consented one. Read from a versioned TSV: comment lines start with '#', then a line
 * {@code version<TAB>name}, a header {@code id<TAB>label<TAB>parent_ids}, then one term per line
 * with its parents ('|'-separated, empty for a root). A parent must appear on an earlier line,
 * which rules out cycles by construction.
 */
public final class DiseaseHierarchy {
    static final String BUNDLED_RESOURCE = "diseases-v1.tsv";

    private final String version;
    private final Map<String, DiseaseTerm> terms;
    /** For each term, itself and all its ancestors. */
    private final Map<String, Set<String>> selfAndAncestors;
    /** For each term, its parents as the file lists them. */
    private final Map<String, List<String>> parents;

    private DiseaseHierarchy(String version, Map<String, DiseaseTerm> terms, Map<String, Set<String>> selfAndAncestors,
                             Map<String, List<String>> parents) {
        this.version = version;
        this.terms = Collections.unmodifiableMap(terms);
        this.selfAndAncestors = Collections.unmodifiableMap(selfAndAncestors);
        this.parents = Collections.unmodifiableMap(parents);
    }

    /** The hierarchy shipped with this module ({@code diseases-v1.tsv}). */
    public static DiseaseHierarchy bundled() {
        try (InputStream in = DiseaseHierarchy.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUNDLED_RESOURCE + " is missing from the class path");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUNDLED_RESOURCE, e);
        }
    }

    /** Parses the TSV format described above; errors name the source and line. */
    public static DiseaseHierarchy read(BufferedReader reader, String sourceName) throws IOException {
        String version = null;
        boolean headerSeen = false;
        Map<String, DiseaseTerm> terms = new LinkedHashMap<>();
        Map<String, Set<String>> closure = new LinkedHashMap<>();
        Map<String, List<String>> parents = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            String where = sourceName + " line " + lineNo;
            if (version == null) {
                if (cols.length != 2 || !cols[0].equals("version") || cols[1].isBlank()) {
                    throw new IllegalArgumentException(where + ": expected 'version<TAB>name' first");
                }
                version = cols[1].trim();
                continue;
            }
            if (!headerSeen) {
                if (cols.length != 3 || !cols[0].equals("id") || !cols[1].equals("label") || !cols[2].equals("parent_ids")) {
                    throw new IllegalArgumentException(where + ": expected header 'id<TAB>label<TAB>parent_ids'");
                }
                headerSeen = true;
                continue;
            }
            if (cols.length != 3) {
                throw new IllegalArgumentException(where + ": expected 3 tab-separated columns, found " + cols.length);
            }
            DiseaseTerm term;
            try {
                term = new DiseaseTerm(cols[0].trim(), cols[1].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (terms.containsKey(term.id())) {
                throw new IllegalArgumentException(where + ", column id: " + term.id() + " appears twice");
            }
            Set<String> ancestors = new HashSet<>();
            ancestors.add(term.id());
            List<String> parentIds = new ArrayList<>();
            if (!cols[2].isBlank()) {
                for (String parent : cols[2].split("\\|")) {
                    Set<String> parentClosure = closure.get(parent.trim());
                    if (parentClosure == null) {
                        throw new IllegalArgumentException(where + ", column parent_ids: parent " + parent.trim()
                                + " of " + term.id() + " is not defined on an earlier line");
                    }
                    ancestors.addAll(parentClosure);
                    parentIds.add(parent.trim());
                }
            }
            terms.put(term.id(), term);
            closure.put(term.id(), Set.copyOf(ancestors));
            parents.put(term.id(), List.copyOf(parentIds));
        }
        if (version == null || !headerSeen) {
            throw new IllegalArgumentException(sourceName + ": missing version line or header");
        }
        return new DiseaseHierarchy(version, terms, closure, parents);
    }

    /** The version name of the loaded file, e.g. {@code diseases-v1}. */
    public String version() {
        return version;
    }

    /** Every term, parents before their children (the file's order), e.g. to offer them for choosing. */
    public List<DiseaseTerm> terms() {
        return List.copyOf(terms.values());
    }

    /** The nearest ancestors of a term that this hierarchy holds; empty for a root. Unknown ids are an error. */
    public List<String> parentIds(String id) {
        term(id);
        return parents.get(id);
    }

    public boolean contains(String id) {
        return terms.containsKey(id);
    }

    /** The term with this id, or null if this hierarchy does not hold it. */
    DiseaseTerm find(String id) {
        return terms.get(id);
    }

    public DiseaseTerm term(String id) {
        DiseaseTerm term = terms.get(id);
        if (term == null) {
            throw new IllegalArgumentException("unknown disease id '" + id + "' (not in " + version + ")");
        }
        return term;
    }

    /** True if {@code termId} is {@code ancestorId} or one of its descendants; unknown ids are an error. */
    public boolean isSameOrDescendant(String termId, String ancestorId) {
        term(ancestorId);
        return selfAndAncestorsOf(termId).contains(ancestorId);
    }

    private Set<String> selfAndAncestorsOf(String id) {
        term(id);
        return selfAndAncestors.get(id);
    }
}
