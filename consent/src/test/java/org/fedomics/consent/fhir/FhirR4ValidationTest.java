package org.fedomics.consent.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported consents checked by HAPI FHIR's R4 instance validator (the Consent StructureDefinition
 * with its invariants, bindings and data types, all from HAPI's bundled R4 definitions: nothing is
 * fetched), and parsed back by HAPI's strict parser.
 */
class FhirR4ValidationTest {
    /**
     * What the validator may say about a valid export besides nothing, and why each is expected:
     * no terminology server runs offline, so external code systems cannot be checked; DUO codes
     * and ActCode OPTIN/OPTOUT sit outside the R4 value sets that {@code purpose} and
     * {@code policyRule} bind extensibly (HL7's own R4 Consent examples use OPTIN the same way);
     * the modifier-parameter extension is ours; a narrative is a best-practice recommendation.
     */
    private static final List<Pattern> EXPECTED_FINDINGS = Stream.of(
            "CodeSystem is unknown and can't be validated: (http://loinc\\.org|" + Pattern.quote(FhirConsentMapper.DUO_SYSTEM)
                    + "|" + Pattern.quote(FhirConsentMapper.MONDO_SYSTEM) + ") for .*",
            "The Coding provided \\(" + Pattern.quote(FhirConsentMapper.DUO_SYSTEM)
                    + "#DUO:\\d{7}\\) was not found in the value set 'V3 Value SetPurposeOfUse'.*",
            "None of the codings provided are in the value set 'Consent PolicyRule Codes'.*"
                    + Pattern.quote(FhirConsentMapper.ACT_CODE_SYSTEM) + "#OPT(IN|OUT)\\)",
            "Unknown extension " + Pattern.quote(FhirConsentMapper.PARAMETER_EXTENSION),
            "Constraint failed: dom-6: 'A resource should have narrative for robust management'.*")
            .map(regex -> Pattern.compile(regex, Pattern.DOTALL)).toList();

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static FhirContext fhir;
    private static FhirValidator validator;
    private final FhirConsentMapper mapper = new FhirConsentMapper(DiseaseHierarchy.bundled());
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void r4Validator() {
        fhir = FhirContext.forR4();
        ValidationSupportChain support = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    static Stream<ConsentRecord> consents() {
        return Stream.of(
                new ConsentRecord("P-NRES", 1, DuoPermission.NRES, Set.of(), Set.of(), Map.of(), Set.of(), Set.of(),
                        T0, null, false, T0),
                new ConsentRecord("P-GRU", 2, DuoPermission.GRU, Set.of(),
                        EnumSet.of(DuoModifier.NPUNCU, DuoModifier.IRB, DuoModifier.PUB, DuoModifier.RTN, DuoModifier.COL),
                        Map.of(), Set.of("study-1"), Set.of(), T0, T0.plusSeconds(86_400 * 365), false, T0.plusSeconds(1)),
                new ConsentRecord("P-HMB", 3, DuoPermission.HMB, Set.of(),
                        EnumSet.of(DuoModifier.NCU, DuoModifier.NMDS, DuoModifier.GSO, DuoModifier.GS, DuoModifier.NPOA, DuoModifier.CC),
                        Map.of(), Set.of(), Set.of("study-2", "study-3"), T0, null, false, T0.plusNanos(1_000)),
                new ConsentRecord("P-DS", 4, DuoPermission.DS, Set.of("MONDO:0005059", "MONDO:0007254"),
                        EnumSet.of(DuoModifier.TS, DuoModifier.MOR, DuoModifier.US, DuoModifier.PS, DuoModifier.IS),
                        Map.of(DuoModifier.TS, "24", DuoModifier.MOR, "2027-01-31", DuoModifier.US, "dr-jones",
                                DuoModifier.PS, "project-7", DuoModifier.IS, "Hospital A"),
                        Set.of("study-1", "study-4"), Set.of("study-5"), T0, T0.plusSeconds(86_400 * 30), false, T0.plusSeconds(5)),
                new ConsentRecord("P-POA", 1, DuoPermission.POA, Set.of(), EnumSet.of(DuoModifier.NPU), Map.of(),
                        Set.of(), Set.of("study-6"), T0, null, true, T0));
    }

    @Test
    void fixtures_coverEveryPermissionAndModifier() {
        assertThat(consents().map(ConsentRecord::permission)).containsExactlyInAnyOrder(DuoPermission.values());
        assertThat(consents().flatMap(c -> c.modifiers().stream())).containsExactlyInAnyOrder(DuoModifier.values());
    }

    @ParameterizedTest
    @MethodSource("consents")
    void export_isAValidR4Consent(ConsentRecord consent) {
        ValidationResult result = validator.validateWithResult(mapper.toFhirJson(consent));

        assertThat(errors(result)).as("errors").isEmpty();
        assertThat(result.getMessages()).as("warnings and information").allSatisfy(m ->
                assertThat(EXPECTED_FINDINGS).as(m.getLocationString() + ": " + m.getMessage())
                        .anySatisfy(expected -> assertThat(m.getMessage()).matches(expected)));
    }

    @Test
    void handWrittenImportSample_isAValidR4Consent() throws IOException {
        assertThat(errors(validator.validateWithResult(resource("consent-ds-leukemia.json")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("consents")
    void export_parsesStrictlyWithHapi_andHapisJsonImportsToTheSameConsent(ConsentRecord consent) {
        Consent parsed = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                .parseResource(Consent.class, mapper.toFhirJson(consent));

        String reencoded = fhir.newJsonParser().encodeResourceToString(parsed);

        assertThat(mapper.fromFhirJson(reencoded)).isEqualTo(consent);
    }

    static Stream<Arguments> brokenConsents() {
        return Stream.of(
                Arguments.of("Consent.status", "approved", (Consumer<ObjectNode>) c -> c.put("status", "approved")),
                Arguments.of("Consent", "Consent.scope: minimum required = 1", (Consumer<ObjectNode>) c -> c.remove("scope")),
                Arguments.of("Consent", "ppc-1", (Consumer<ObjectNode>) c -> c.remove("policyRule")),
                Arguments.of("Consent.provision.provision[1].type", "maybe",
                        (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("provision").get("provision").get(1)).put("type", "maybe")),
                Arguments.of("Consent.dateTime", "1 March 2026", (Consumer<ObjectNode>) c -> c.put("dateTime", "1 March 2026")));
    }

    /** The validator really checks: each of these breaks the R4 Consent definition somewhere. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenConsents")
    void validator_findsTheErrorInABrokenConsent(String where, String what, Consumer<ObjectNode> breakIt) throws IOException {
        ConsentRecord withStudy = consents().filter(c -> !c.permittedStudies().isEmpty()).findFirst().orElseThrow();
        ObjectNode consent = (ObjectNode) json.readTree(mapper.toFhirJson(withStudy));
        breakIt.accept(consent);

        assertThat(errors(validator.validateWithResult(json.writeValueAsString(consent))))
                .anySatisfy(error -> {
                    assertThat(error.getLocationString()).isEqualTo(where);
                    assertThat(error.getMessage()).contains(what);
                });
    }

    private static List<SingleValidationMessage> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FhirR4ValidationTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
