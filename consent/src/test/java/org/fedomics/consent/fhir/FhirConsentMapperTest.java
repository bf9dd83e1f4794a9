package org.fedomics.consent.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FhirConsentMapperTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private final FhirConsentMapper mapper = new FhirConsentMapper(DiseaseHierarchy.bundled());
    private final ObjectMapper json = new ObjectMapper();

    static Stream<ConsentRecord> consents() {
        return Stream.of(
                new ConsentRecord("P-AAAA", 1, DuoPermission.GRU, Set.of(), Set.of(), Map.of(), Set.of(), Set.of(),
                        T0, null, false, T0),
                new ConsentRecord("P-BBBB", 4, DuoPermission.DS, Set.of("MONDO:0005059", "MONDO:0007254"),
                        EnumSet.of(DuoModifier.NPUNCU, DuoModifier.IRB, DuoModifier.TS, DuoModifier.IS, DuoModifier.MOR),
                        Map.of(DuoModifier.TS, "24", DuoModifier.IS, "Hospital A", DuoModifier.MOR, "2027-01-31"),
                        Set.of("study-1", "study-2"), Set.of("study-3"), T0, T0.plusSeconds(86_400 * 30), false, T0.plusSeconds(5)),
                new ConsentRecord("P-CCCC", 2, DuoPermission.HMB, Set.of(), Set.of(DuoModifier.NPOA), Map.of(), Set.of(), Set.of(),
                        T0, null, true, T0.plusNanos(1_000)));
    }

    @ParameterizedTest
    @MethodSource("consents")
    void exportThenImport_givesTheSameConsent(ConsentRecord consent) {
        assertThat(mapper.fromFhirJson(mapper.toFhirJson(consent))).isEqualTo(consent);
    }

    @Test
    void export_hasResearchScopeDuoPurposesAndStudyProvisions() throws IOException {
        ConsentRecord consent = consents().skip(1).findFirst().orElseThrow();

        JsonNode fhir = json.readTree(mapper.toFhirJson(consent));

        assertThat(fhir.path("resourceType").asText()).isEqualTo("Consent");
        assertThat(fhir.path("status").asText()).isEqualTo("active");
        assertThat(fhir.at("/scope/coding/0/code").asText()).isEqualTo("research");
        assertThat(fhir.at("/category/0/coding/0/code").asText()).isEqualTo("59284-0");
        assertThat(fhir.at("/patient/identifier/value").asText()).isEqualTo("P-BBBB");
        assertThat(fhir.at("/policyRule/coding/0/code").asText()).isEqualTo("OPTIN");
        assertThat(fhir.at("/provision/type").isMissingNode()).isTrue();
        assertThat(fhir.at("/provision/period/start").asText()).isEqualTo("2026-03-01T09:00:00Z");
        JsonNode terms = fhir.at("/provision/provision/0");
        assertThat(terms.path("type").asText()).isEqualTo("permit");
        assertThat(terms.path("purpose").findValuesAsText("code"))
                .containsExactly("DUO:0000007", "DUO:0000018", "DUO:0000021", "DUO:0000024", "DUO:0000025", "DUO:0000028");
        assertThat(terms.at("/code/0/coding/0/display").asText()).isEqualTo("leukemia");
        assertThat(fhir.at("/provision/provision/3/type").asText()).isEqualTo("deny");
        assertThat(fhir.at("/provision/provision/3/data/0/reference/identifier/value").asText()).isEqualTo("study-3");
    }

    @Test
    void import_handWrittenConsent_readsEveryTerm() throws IOException {
        ConsentRecord consent = mapper.fromFhirJson(resource("consent-ds-leukemia.json"));

        assertThat(consent).isEqualTo(new ConsentRecord("P-7Q2M4K9X1B3C5D6E", 3, DuoPermission.DS, Set.of("MONDO:0005059"),
                Set.of(DuoModifier.NCU, DuoModifier.TS), Map.of(DuoModifier.TS, "60"), Set.of(), Set.of("study-42"),
                Instant.parse("2026-02-10T00:00:00Z"), Instant.parse("2031-02-10T00:00:00Z"), false,
                Instant.parse("2026-02-10T13:30:00Z")));
    }

    static Stream<Arguments> brokenConsents() {
        return Stream.of(
                Arguments.of("Consent.resourceType", (Consumer<ObjectNode>) c -> c.put("resourceType", "Patient")),
                Arguments.of("Consent.status must be 'active', was 'draft'", (Consumer<ObjectNode>) c -> c.put("status", "draft")),
                Arguments.of("Consent.scope", (Consumer<ObjectNode>) c -> c.with("scope").withArray("coding").removeAll()),
                Arguments.of("Consent.patient.identifier.value", (Consumer<ObjectNode>) c -> c.remove("patient")),
                Arguments.of("Consent.meta.versionId", (Consumer<ObjectNode>) c -> c.with("meta").put("versionId", "v3")),
                Arguments.of("Consent.policyRule", (Consumer<ObjectNode>) c -> c.remove("policyRule")),
                Arguments.of("Consent.provision.period.start", (Consumer<ObjectNode>) c -> c.with("provision").remove("period")),
                Arguments.of("Consent.provision.type", (Consumer<ObjectNode>) c -> c.with("provision").put("type", "permit")),
                Arguments.of("purpose[1].code: unknown DUO modifier code 'DUO:0000999'",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) terms(c).withArray("purpose").get(1)).put("code", "DUO:0000999")),
                Arguments.of("provision[0].actor is not supported",
                        (Consumer<ObjectNode>) c -> terms(c).putArray("actor").addObject()),
                Arguments.of("provision[1].type must be permit or deny",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) c.with("provision").withArray("provision").get(1)).put("type", "maybe")),
                Arguments.of("no DUO permission",
                        (Consumer<ObjectNode>) c -> terms(c).withArray("purpose").remove(0)),
                Arguments.of("unknown extension",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) terms(c).withArray("purpose").get(2).withArray("extension").get(0))
                                .put("url", "urn:other")),
                Arguments.of("diseaseIds must name at least one disease",
                        (Consumer<ObjectNode>) c -> terms(c).remove("code")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConsents")
    void import_somethingItCannotEnforce_failsNamingWhere(String expectedMessage, Consumer<ObjectNode> breakIt) throws IOException {
        ObjectNode consent = (ObjectNode) json.readTree(resource("consent-ds-leukemia.json"));
        breakIt.accept(consent);

        assertThatThrownBy(() -> mapper.fromFhir(consent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void import_notJson_fails() {
        assertThatThrownBy(() -> mapper.fromFhirJson("{not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    private static ObjectNode terms(ObjectNode consent) {
        ArrayNode nested = consent.with("provision").withArray("provision");
        return (ObjectNode) nested.get(0);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FhirConsentMapperTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
