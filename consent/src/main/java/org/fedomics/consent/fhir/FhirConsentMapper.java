package org.fedomics.consent.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;

/**
 * Converts a {@link ConsentRecord} to and from an HL7 FHIR R4 {@code Consent} resource in JSON,
 * with plain Jackson (no FHIR library at run time).
 *
 * <p>Shape: {@code status} active, {@code scope} research, {@code category} LOINC 59284-0, the
 * patient by pseudonym identifier, {@code dateTime} = recorded at, {@code meta.versionId} = consent
 * version, {@code policyRule} OPTIN (or OPTOUT when opted out). The root provision carries only
 * the validity {@code period}; nested provisions carry the terms: one {@code permit} with the DUO
 * permission and modifiers in {@code purpose} (a modifier's parameter in an extension on its
 * coding) and the MONDO diseases in {@code code}; then one {@code permit} or {@code deny} per
 * study, naming it in {@code data} by a ResearchStudy identifier.
 *
 * <p>Import fails closed: anything that could restrict use but is not understood (an unknown DUO
 * code, a provision element such as {@code actor} or {@code action}, a status other than active)
 * is an error naming where it is, never silently dropped.
 */
public final class FhirConsentMapper {
    public static final String DUO_SYSTEM = "http://purl.obolibrary.org/obo/duo.owl";
    public static final String MONDO_SYSTEM = "http://purl.obolibrary.org/obo/mondo.owl";
    public static final String PSEUDONYM_SYSTEM = "urn:fedomics:pseudonym";
    public static final String STUDY_SYSTEM = "urn:fedomics:study";
    public static final String PARAMETER_EXTENSION = "urn:fedomics:fhir:duo-modifier-parameter";
    static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
    static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String LOINC_SYSTEM = "http://loinc.org";

    private static final Set<String> NESTED_PROVISION_FIELDS = Set.of("type", "purpose", "code", "data");

    private final ObjectMapper json = new ObjectMapper();
    private final DiseaseHierarchy diseases;

    /** @param diseases used only for display labels of disease codings on export */
    public FhirConsentMapper(DiseaseHierarchy diseases) {
        this.diseases = Objects.requireNonNull(diseases, "diseases");
    }

    public String toFhirJson(ConsentRecord consent) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(toFhir(consent));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write FHIR Consent JSON", e);
        }
    }

    public ObjectNode toFhir(ConsentRecord consent) {
        ObjectNode root = json.createObjectNode();
        root.put("resourceType", "Consent");
        root.putObject("meta").put("versionId", Integer.toString(consent.version()));
        root.put("status", "active");
        root.putObject("scope").set("coding", codings(coding(SCOPE_SYSTEM, "research", "Research")));
        root.putArray("category").addObject().set("coding", codings(coding(LOINC_SYSTEM, "59284-0", "Patient Consent")));
        ObjectNode identifier = root.putObject("patient").putObject("identifier");
        identifier.put("system", PSEUDONYM_SYSTEM).put("value", consent.pseudonym());
        root.put("dateTime", consent.recordedAt().toString());
        String rule = consent.optedOut() ? "OPTOUT" : "OPTIN";
        root.putObject("policyRule").set("coding", codings(coding(ACT_CODE_SYSTEM, rule, consent.optedOut() ? "opt-out" : "opt-in")));

        ObjectNode provision = root.putObject("provision");
        ObjectNode period = provision.putObject("period").put("start", consent.validFrom().toString());
        if (consent.validUntil() != null) {
            period.put("end", consent.validUntil().toString());
        }
        ArrayNode nested = provision.putArray("provision");
        ObjectNode terms = nested.addObject().put("type", "permit");
        ArrayNode purposes = terms.putArray("purpose");
        purposes.add(coding(DUO_SYSTEM, consent.permission().code(), consent.permission().label()));
        consent.modifiers().stream().sorted(Comparator.naturalOrder()).forEach(m -> {
            ObjectNode coding = coding(DUO_SYSTEM, m.code(), m.label());
            String parameter = consent.parameter(m);
            if (parameter != null) {
                coding.putArray("extension").addObject().put("url", PARAMETER_EXTENSION).put("valueString", parameter);
            }
            purposes.add(coding);
        });
        if (!consent.diseaseIds().isEmpty()) {
            ArrayNode codes = terms.putArray("code");
            consent.diseaseIds().stream().sorted().forEach(id -> codes.addObject().set("coding", codings(
                    coding(MONDO_SYSTEM, id, diseases.contains(id) ? diseases.term(id).label() : null))));
        }
        consent.permittedStudies().stream().sorted().forEach(s -> nested.add(studyProvision("permit", s)));
        consent.deniedStudies().stream().sorted().forEach(s -> nested.add(studyProvision("deny", s)));
        return root;
    }

    public ConsentRecord fromFhirJson(String fhirJson) {
        JsonNode root;
        try {
            root = json.readTree(fhirJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromFhir(root);
    }

    public ConsentRecord fromFhir(JsonNode root) {
        expectText(root, "resourceType", "Consent", "Consent.resourceType");
        expectText(root, "status", "active", "Consent.status");
        requireCoding(root.path("scope"), SCOPE_SYSTEM, "research", "Consent.scope");
        String pseudonym = text(root.path("patient").path("identifier"), "value", "Consent.patient.identifier.value");
        expectText(root.path("patient").path("identifier"), "system", PSEUDONYM_SYSTEM, "Consent.patient.identifier.system");
        int version = parseVersion(text(root.path("meta"), "versionId", "Consent.meta.versionId"));
        Instant recordedAt = instant(text(root, "dateTime", "Consent.dateTime"), "Consent.dateTime");
        boolean optedOut = optedOut(root.path("policyRule"));

        JsonNode provision = root.path("provision");
        if (provision.has("type")) {
            throw new IllegalArgumentException("Consent.provision.type: the root provision must not carry a type");
        }
        Instant validFrom = instant(text(provision.path("period"), "start", "Consent.provision.period.start"),
                "Consent.provision.period.start");
        Instant validUntil = provision.path("period").has("end")
                ? instant(provision.path("period").path("end").asText(), "Consent.provision.period.end") : null;

        Terms terms = new Terms();
        JsonNode nested = provision.path("provision");
        for (int i = 0; i < nested.size(); i++) {
            readNested(nested.get(i), "Consent.provision.provision[" + i + "]", terms);
        }
        if (terms.permission == null) {
            throw new IllegalArgumentException("Consent.provision.provision: no permit provision names a DUO permission in purpose");
        }
        try {
            return new ConsentRecord(pseudonym, version, terms.permission, terms.diseases, terms.modifiers, terms.parameters,
                    terms.permitted, terms.denied, validFrom, validUntil, optedOut, recordedAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Consent: " + e.getMessage(), e);
        }
    }

    /** What the nested provisions add up to. */
    private static final class Terms {
        DuoPermission permission;
        final Set<String> diseases = new HashSet<>();
        final Set<DuoModifier> modifiers = EnumSet.noneOf(DuoModifier.class);
        final Map<DuoModifier, String> parameters = new EnumMap<>(DuoModifier.class);
        final Set<String> permitted = new HashSet<>();
        final Set<String> denied = new HashSet<>();
    }

    private void readNested(JsonNode p, String where, Terms terms) {
        for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!NESTED_PROVISION_FIELDS.contains(name)) {
                throw new IllegalArgumentException(where + "." + name + " is not supported; "
                        + "refusing to import a consent whose terms could not all be enforced");
            }
        }
        String type = text(p, "type", where + ".type");
        boolean aboutStudies = p.has("data");
        if (aboutStudies) {
            if (p.has("purpose") || p.has("code")) {
                throw new IllegalArgumentException(where + ": a study provision must name only studies in data");
            }
            Set<String> target = switch (type) {
                case "permit" -> terms.permitted;
                case "deny" -> terms.denied;
                default -> throw new IllegalArgumentException(where + ".type must be permit or deny, was '" + type + "'");
            };
            JsonNode data = p.path("data");
            for (int i = 0; i < data.size(); i++) {
                target.add(studyId(data.get(i), where + ".data[" + i + "]"));
            }
            return;
        }
        if (!type.equals("permit")) {
            throw new IllegalArgumentException(where + ".type: a deny provision must name studies in data; "
                    + "other deny terms are not supported");
        }
        if (terms.permission != null) {
            throw new IllegalArgumentException(where + ": a second provision with DUO terms; expected exactly one");
        }
        JsonNode purposes = p.path("purpose");
        for (int i = 0; i < purposes.size(); i++) {
            readPurpose(purposes.get(i), where + ".purpose[" + i + "]", terms);
        }
        if (terms.permission == null) {
            throw new IllegalArgumentException(where + ".purpose: no DUO permission (NRES, GRU, HMB, DS or POA)");
        }
        JsonNode codes = p.path("code");
        for (int i = 0; i < codes.size(); i++) {
            JsonNode coding = codes.get(i).path("coding");
            for (int j = 0; j < coding.size(); j++) {
                String at = where + ".code[" + i + "].coding[" + j + "]";
                expectText(coding.get(j), "system", MONDO_SYSTEM, at + ".system");
                terms.diseases.add(text(coding.get(j), "code", at + ".code"));
            }
        }
    }

    private static void readPurpose(JsonNode coding, String where, Terms terms) {
        expectText(coding, "system", DUO_SYSTEM, where + ".system");
        String code = text(coding, "code", where + ".code");
        for (DuoPermission permission : DuoPermission.values()) {
            if (permission.code().equals(code)) {
                if (terms.permission != null) {
                    throw new IllegalArgumentException(where + ": a second DUO permission (" + code + "); a consent has exactly one");
                }
                terms.permission = permission;
                return;
            }
        }
        DuoModifier modifier;
        try {
            modifier = DuoModifier.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".code: " + e.getMessage(), e);
        }
        terms.modifiers.add(modifier);
        JsonNode extensions = coding.path("extension");
        for (int i = 0; i < extensions.size(); i++) {
            JsonNode extension = extensions.get(i);
            if (!PARAMETER_EXTENSION.equals(extension.path("url").asText())) {
                throw new IllegalArgumentException(where + ".extension[" + i + "]: unknown extension '"
                        + extension.path("url").asText() + "'");
            }
            terms.parameters.put(modifier, text(extension, "valueString", where + ".extension[" + i + "].valueString"));
        }
    }

    private static boolean optedOut(JsonNode policyRule) {
        if (hasCoding(policyRule, ACT_CODE_SYSTEM, "OPTOUT")) {
            return true;
        }
        if (hasCoding(policyRule, ACT_CODE_SYSTEM, "OPTIN")) {
            return false;
        }
        throw new IllegalArgumentException("Consent.policyRule must be " + ACT_CODE_SYSTEM + " OPTIN or OPTOUT");
    }

    private static String studyId(JsonNode data, String where) {
        expectText(data, "meaning", "related", where + ".meaning");
        JsonNode reference = data.path("reference");
        expectText(reference, "type", "ResearchStudy", where + ".reference.type");
        expectText(reference.path("identifier"), "system", STUDY_SYSTEM, where + ".reference.identifier.system");
        return text(reference.path("identifier"), "value", where + ".reference.identifier.value");
    }

    private ObjectNode studyProvision(String type, String studyId) {
        ObjectNode provision = json.createObjectNode().put("type", type);
        ObjectNode data = provision.putArray("data").addObject().put("meaning", "related");
        ObjectNode reference = data.putObject("reference").put("type", "ResearchStudy");
        reference.putObject("identifier").put("system", STUDY_SYSTEM).put("value", studyId);
        return provision;
    }

    private ObjectNode coding(String system, String code, String display) {
        ObjectNode coding = json.createObjectNode().put("system", system).put("code", code);
        if (display != null) {
            coding.put("display", display);
        }
        return coding;
    }

    private ArrayNode codings(ObjectNode coding) {
        return json.createArrayNode().add(coding);
    }

    private static boolean hasCoding(JsonNode concept, String system, String code) {
        for (JsonNode coding : concept.path("coding")) {
            if (system.equals(coding.path("system").asText()) && code.equals(coding.path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void requireCoding(JsonNode concept, String system, String code, String where) {
        if (!hasCoding(concept, system, code)) {
            throw new IllegalArgumentException(where + " must have the coding " + system + "|" + code);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + " is missing or not a string");
        }
        return value.asText();
    }

    private static void expectText(JsonNode node, String field, String expected, String where) {
        String actual = text(node, field, where);
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException(where + " must be '" + expected + "', was '" + actual + "'");
        }
    }

    private static int parseVersion(String versionId) {
        try {
            return Integer.parseInt(versionId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Consent.meta.versionId must be a whole number, was '" + versionId + "'", e);
        }
    }

    /** A FHIR instant or dateTime; a bare date means the start of that day in UTC. */
    private static Instant instant(String value, String where) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException(where + " must be a FHIR dateTime with time zone or a date, was '" + value + "'");
            }
        }
    }
}
