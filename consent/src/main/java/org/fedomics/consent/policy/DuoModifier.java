package org.fedomics.consent.policy;


/**
 * Data-use modifiers (GA4GH Data Use Ontology) that narrow a consent's permission. Some carry a
 * parameter: TS (months), MOR (a date), US (a user), PS (a project), IS (an institution).
 */
public enum DuoModifier implements DuoTerm {
    NPUNCU("DUO:0000018", "not for profit, non commercial use only", false),
    NPU("DUO:0000045", "not for profit organisation use only", false),
    NCU("DUO:0000046", "non-commercial use only", false),
    IRB("DUO:0000021", "ethics approval required", false),
    PUB("DUO:0000019", "publication required", false),
    MOR("DUO:0000024", "publication moratorium", true),
    TS("DUO:0000025", "time limit on use", true),
    US("DUO:0000026", "user specific restriction", true),
    PS("DUO:0000027", "project specific restriction", true),
    IS("DUO:0000028", "institution specific restriction", true),
    RTN("DUO:0000029", "return to database or resource", false),
    NMDS("DUO:0000015", "no general methods research", false),
    GSO("DUO:0000016", "genetic studies only", false),
    COL("DUO:0000020", "collaboration required", false),
    GS("DUO:0000022", "geographical restriction", false),
    NPOA("DUO:0000044", "population origins or ancestry research prohibited", false),
    CC("DUO:0000043", "clinical care use", false);

    private final String code;
    private final String label;
    private final boolean takesParameter;

    DuoModifier(String code, String label, boolean takesParameter) {
        this.code = code;
        this.label = label;
        this.takesParameter = takesParameter;
    }

    /** The DUO CURIE, e.g. {@code DUO:0000021}. */
    public String code() {
        return code;
    }

    /** The DUO shorthand, e.g. {@code IRB}. */
    public String shortName() {
        return name();
    }

    /** The ontology's label. */
    public String label() {
        return label;
    }

    /** Whether this modifier may carry a parameter (months, date, user, project, institution). */
    public boolean takesParameter() {
        return takesParameter;
    }

    public static DuoModifier fromCode(String code) {
        return DuoTerm.fromCode(values(), code, "modifier");
    }
}
