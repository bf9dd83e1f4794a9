package org.fedomics.consent.policy;


/**
 * The primary data-use permission of a consent (GA4GH Data Use Ontology). A consent has exactly
 * one. As a study's declared purpose, {@link #NRES} is not allowed: it is not a research purpose.
 */
public enum DuoPermission implements DuoTerm {
    NRES("DUO:0000004", "no restriction"),
    GRU("DUO:0000042", "general research use"),
    HMB("DUO:0000006", "health or medical or biomedical research"),
    DS("DUO:0000007", "disease specific research"),
    POA("DUO:0000011", "population origins or ancestry research only");

    private final String code;
    private final String label;

    DuoPermission(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The DUO CURIE, e.g. {@code DUO:0000042}. */
    public String code() {
        return code;
    }

    /** The DUO shorthand, e.g. {@code GRU}. */
    public String shortName() {
        return name();
    }

    /** The ontology's label. */
    public String label() {
        return label;
    }

    public static DuoPermission fromCode(String code) {
        return DuoTerm.fromCode(values(), code, "permission");
    }
}
