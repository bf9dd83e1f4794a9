package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.service.ConsentServer.ALL;
import static org.fedomics.consent.service.ConsentServer.DS;
import static org.fedomics.consent.service.ConsentServer.GRU;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;
import static org.fedomics.consent.service.ConsentServer.bearer;
import static org.fedomics.consent.service.ConsentServer.diseaseSpecific;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.SignInRequest;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ApiContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API and its OpenAPI contract agree: every route is an operation of the served contract and
 * every operation a route, with the contract's security matching the route's guard; requests
 * that do not fit the contract are refused with 400 naming the field and change nothing; the
 * guards answer before the contract's check; and what the service answers fits the contract.
 */
class ApiContractRoutesTest {
    private static final String CONTRACT_PATH = "/api/v1/openapi.json";
    private static final DeclaredUse ALL_STUDY = new DeclaredUse(DS, List.of(ALL), false, true, true, "Test University", null);
    private static final String VALID_USE = "{\"purpose\":\"" + DS + "\",\"diseaseIds\":[\"" + ALL + "\"],\"commercial\":false,"
            + "\"ethicsApproved\":true,\"methodsDevelopment\":true,\"institution\":\"Test University\",\"projectId\":null}";
    @TempDir
    Path dir;
    ConsentServer server;
    PatientSession patient;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
        patient = server.newPatient(server.hospitalA);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAPIContract servedContract() {
        Reply reply = server.get(server.patientClient(), CONTRACT_PATH, Map.of());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
        return OpenAPIContract.from(server.vertx, new JsonObject(reply.body())).await();
    }

    @Test
    void everyMountedRoute_isAnOperationOfTheServedContract_andEveryOperationIsMounted() {
        Set<String> operations = servedContract().operations().stream()
                .map(o -> ApiContract.endpoint(o.getHttpMethod(), o.getOpenAPIPath()))
                .collect(Collectors.toCollection(TreeSet::new));
        Router router = server.routes.mount(server.vertx, Router.router(server.vertx)).await();

        Set<String> routes = new TreeSet<>();
        for (Route route : router.getRoutes()) {
            // Guards and body handlers cover path prefixes for every method; endpoints are exact paths with a method.
            if (route.getPath() != null && route.isExactPath() && !route.methods().isEmpty()) {
                route.methods().forEach(method -> routes.add(ApiContract.endpoint(method, route.getPath())));
            }
        }

        assertThat(routes).isEqualTo(operations);
        assertThat(operations).hasSize(15).contains("GET /api/v1/me/consent", "PUT /api/v1/me/consent", "POST /node/v1/snapshots",
                "GET /api/v1/ledger/consistency", "GET " + CONTRACT_PATH);
    }

    @Test
    void contractSecurity_matchesTheGuardOfEachRoute() {
        for (Operation operation : servedContract().operations()) {
            String path = operation.getOpenAPIPath();
            String expected = path.startsWith("/node/v1/") ? "nodeCertificate" : path.startsWith("/api/v1/me/") ? "patientToken" : null;
            List<String> declared = new ArrayList<>();
            for (SecurityRequirement requirement : operation.getSecurityRequirements()) {
                declared.addAll(requirement.getNames());
            }

            assertThat(declared).as(path).isEqualTo(expected == null ? List.of() : List.of(expected));
        }
    }

    @Test
    void contract_isServedWithoutAnyCredentials() {
        Reply reply = server.get(server.peopleClient(server.ca.certificate()), CONTRACT_PATH, Map.of());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(new JsonObject(reply.body()).getString("openapi")).isEqualTo("3.1.0");
    }

    /** An invalid request: who sends it, what, and what its refusal must name. */
    record Invalid(String what, HttpMethod method, String uri, String body, List<String> named) {
        @Override
        public String toString() {
            return method + " " + uri + ": " + what;
        }
    }

    private static Invalid invalid(String what, HttpMethod method, String uri, String body, String... named) {
        return new Invalid(what, method, uri, body, List.of(named));
    }

    static Stream<Invalid> invalidNodeRequests() {
        HttpMethod post = HttpMethod.POST;
        return Stream.of(
                invalid("no count", post, "/node/v1/enrollments", "{}", "count is required"),
                invalid("count as text", post, "/node/v1/enrollments", "{\"count\":\"3\"}", "count", "string"),
                invalid("count over the maximum", post, "/node/v1/enrollments", "{\"count\":10001}", "count", "10000"),
                invalid("another hospital named", post, "/node/v1/enrollments", "{\"count\":1,\"hospital\":\"hospital-b\"}",
                        "unknown field 'hospital'"),
                invalid("no declared use", post, "/node/v1/snapshots", "{\"studyId\":\"s-1\",\"round\":1,\"pseudonyms\":[]}",
                        "use is required"),
                invalid("negative round", post, "/node/v1/snapshots",
                        "{\"studyId\":\"s-1\",\"round\":-1,\"use\":" + VALID_USE + ",\"pseudonyms\":[]}", "round"),
                invalid("not a pseudonym", post, "/node/v1/snapshots",
                        "{\"studyId\":\"s-1\",\"round\":1,\"use\":" + VALID_USE + ",\"pseudonyms\":[\"p-1\"]}", "pseudonyms[0]"),
                invalid("no restriction is no research purpose", post, "/node/v1/snapshots",
                        "{\"studyId\":\"s-1\",\"round\":1,\"use\":" + VALID_USE.replace(DS, "DUO:0000004") + ",\"pseudonyms\":[]}",
                        "use.purpose", "DUO:0000004"),
                invalid("a disease that is no CURIE", post, "/node/v1/snapshots",
                        "{\"studyId\":\"s-1\",\"round\":1,\"use\":" + VALID_USE.replace(ALL, "leukemia") + ",\"pseudonyms\":[]}",
                        "use.diseaseIds[0]"),
                invalid("an undeclared use field", post, "/node/v1/snapshots",
                        "{\"studyId\":\"s-1\",\"round\":1,\"use\":" + VALID_USE.replace("}", ",\"sharedWith\":\"x\"}")
                                + ",\"pseudonyms\":[]}", "unknown field 'use.sharedWith'"),
                invalid("empty study id", post, "/node/v1/uses", "{\"studyId\":\"\",\"round\":1,\"pseudonyms\":[]}", "studyId"),
                invalid("round as text", post, "/node/v1/uses", "{\"studyId\":\"s-1\",\"round\":\"1\",\"pseudonyms\":[]}", "round"),
                invalid("no pseudonyms", post, "/node/v1/uses", "{\"studyId\":\"s-1\",\"round\":1}", "pseudonyms is required"),
                invalid("a number for a pseudonym", post, "/node/v1/uses",
                        "{\"studyId\":\"s-1\",\"round\":1,\"pseudonyms\":[123]}", "pseudonyms[0]")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNodeRequests")
    void invalidNodeRequest_answers400NamingTheField_andChangesNothing(Invalid request) {
        int enrolled = server.store.pseudonymsOf("hospital-a").size();
        long leaves = server.ledger.size();

        Reply reply = server.sendRaw(server.tlsClient(server.hospitalA), request.method(), request.uri(), Map.of(), request.body());

        assertThat(reply.status()).as(request.toString()).isEqualTo(400);
        assertThat(reply.error()).as(request.toString()).contains(request.named());
        assertThat(server.store.pseudonymsOf("hospital-a")).hasSize(enrolled);
        assertThat(server.ledger.size()).isEqualTo(leaves);
    }

    static Stream<Invalid> invalidPatientRequests() {
        HttpMethod put = HttpMethod.PUT;
        String consent = "/api/v1/me/consent";
        return Stream.of(
                invalid("an unknown modifier as a parameter's key", put, consent, "{\"permission\":\"" + GRU + "\",\"modifiers\":[],"
                        + "\"modifierParameters\":{\"DUO:0000099\":\"x\"},\"optedOut\":false}", "modifierParameters", "DUO:0000099"),
                invalid("a number of months as a number", put, consent, "{\"permission\":\"" + GRU + "\",\"modifiers\":[\"DUO:0000025\"],"
                        + "\"modifierParameters\":{\"DUO:0000025\":12},\"optedOut\":false}", "modifierParameters.DUO:0000025", "string"),
                invalid("an empty study id", put, consent, "{\"permission\":\"" + GRU + "\",\"deniedStudies\":[\"s-1\",\"\"],"
                        + "\"optedOut\":false}", "deniedStudies[1]"),
                invalid("validUntil as a date only", put, consent, "{\"permission\":\"" + GRU + "\",\"validUntil\":\"2030-01-01\","
                        + "\"optedOut\":false}", "validUntil", "date-time"),
                invalid("optedOut as text", put, consent, "{\"permission\":\"" + GRU + "\",\"optedOut\":\"yes\"}", "optedOut", "boolean"),
                invalid("a disease by name", put, consent, "{\"permission\":\"" + DS + "\",\"diseaseIds\":[\"leukemia\"],"
                        + "\"optedOut\":false}", "diseaseIds[0]"),
                invalid("an array for the body", put, consent, "[\"" + GRU + "\"]", "ConsentChoice", "array", "object"),
                invalid("tree size below zero", HttpMethod.GET, "/api/v1/me/ledger?treeSize=-1", null, "'treeSize'", "tree size"),
                invalid("tree size as text", HttpMethod.GET, "/api/v1/me/ledger?treeSize=latest", null, "'treeSize'", "tree size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPatientRequests")
    void invalidPatientRequest_answers400NamingTheField_andChangesNothing(Invalid request) {
        Reply reply = server.send(server.patientClient(), request.method(), request.uri(), bearer(patient),
                request.body() == null ? null : Buffer.buffer(request.body()));

        assertThat(reply.status()).as(request.toString()).isEqualTo(400);
        assertThat(reply.error()).as(request.toString()).contains(request.named());
        assertThat(server.store.current(patient.pseudonym())).isEmpty();
    }

    static Stream<Invalid> invalidPublicRequests() {
        HttpMethod post = HttpMethod.POST;
        return Stream.of(
                invalid("a number for the code", post, "/api/v1/enrollments/redeem",
                        "{\"enrollmentCode\":1234,\"passphrase\":\"" + ConsentServer.PASSPHRASE + "\"}", "enrollmentCode", "string"),
                invalid("a passphrase of 1025 characters", post, "/api/v1/enrollments/redeem",
                        "{\"enrollmentCode\":\"AAAA-BBBB-CCCC-DDDD\",\"passphrase\":\"" + "x".repeat(1025) + "\"}", "passphrase", "1024"),
                invalid("a pseudonym instead of a code", post, "/api/v1/enrollments/redeem",
                        "{\"pseudonym\":\"P-0000000000000000\",\"passphrase\":\"" + ConsentServer.PASSPHRASE + "\"}",
                        "enrollmentCode is required", "unknown field 'pseudonym'"),
                invalid("no sign-in id", post, "/api/v1/sign-in", "{\"passphrase\":\"" + ConsentServer.PASSPHRASE + "\"}",
                        "signInId is required"),
                invalid("a null passphrase", post, "/api/v1/sign-in", "{\"signInId\":\"0000-0000-0000\",\"passphrase\":null}", "passphrase"),
                invalid("no from", HttpMethod.GET, "/api/v1/ledger/consistency?to=1", null, "query parameter 'from' is required"),
                invalid("a fractional size", HttpMethod.GET, "/api/v1/ledger/consistency?from=0.5&to=1", null, "'from'", "tree size"),
                invalid("a size of 20 digits", HttpMethod.GET, "/api/v1/ledger/consistency?from=0&to=10000000000000000000", null,
                        "'to'", "tree size", "greater than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPublicRequests")
    void invalidPublicRequest_answers400NamingTheField_andChangesNothing(Invalid request) {
        long leaves = server.ledger.size();

        Reply reply = server.send(server.patientClient(), request.method(), request.uri(), Map.of(),
                request.body() == null ? null : Buffer.buffer(request.body()));

        assertThat(reply.status()).as(request.toString()).isEqualTo(400);
        assertThat(reply.error()).as(request.toString()).contains(request.named());
        assertThat(server.ledger.size()).isEqualTo(leaves);
    }

    @Test
    void invalidRedeem_leavesTheCodeUsable() {
        String code = server.enroll(server.hospitalA, 1).get(0).enrollmentCode();

        Reply refused = server.sendRaw(server.patientClient(), HttpMethod.POST, "/api/v1/enrollments/redeem", Map.of(),
                "{\"enrollmentCode\":\"" + code + "\",\"passphrase\":\"" + ConsentServer.PASSPHRASE + "\",\"remember\":true}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(server.redeem(code).session().token()).isNotBlank();
    }

    @Test
    void bodyNotDeclaredAsJson_answers415() {
        String valid = "{\"permission\":\"" + GRU + "\",\"optedOut\":false}";
        HttpResponse<Buffer> response = server.patientClient().request(HttpMethod.PUT, server.port, ConsentServer.HOST, "/api/v1/me/consent")
                .putHeader("Authorization", "Bearer " + patient.token()).putHeader("content-type", "text/plain")
                .sendBuffer(Buffer.buffer(valid)).await();

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("application/json");
        assertThat(server.store.current(patient.pseudonym())).isEmpty();
    }

    @Test
    void guards_answerBeforeTheContractsCheck_soStrangersLearnNothingOfTheSchema() {
        String invalidChoice = "{\"permission\":\"DUO:9999999\",\"optedOut\":\"maybe\"}";
        String invalidUse = "{\"studyId\":\"\",\"round\":0}";

        Reply noToken = server.sendRaw(server.patientClient(), HttpMethod.PUT, "/api/v1/me/consent", Map.of(), invalidChoice);
        Reply nodeWithoutToken = server.sendRaw(server.tlsClient(server.hospitalA), HttpMethod.PUT, "/api/v1/me/consent", Map.of(),
                invalidChoice);
        Reply patientOnNodeRoute = server.sendRaw(server.patientClient(), HttpMethod.POST, "/node/v1/uses", bearer(patient), invalidUse);
        Reply withToken = server.sendRaw(server.patientClient(), HttpMethod.PUT, "/api/v1/me/consent", bearer(patient), invalidChoice);

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.error()).isEqualTo("unauthorized");
        assertThat(nodeWithoutToken.status()).isEqualTo(401);
        assertThat(patientOnNodeRoute.status()).isEqualTo(403);
        assertThat(patientOnNodeRoute.error()).doesNotContain("studyId", "round");
        assertThat(withToken.status()).as("control: the same body from the patient is checked").isEqualTo(400);
        assertThat(withToken.error()).contains("permission", "optedOut");
    }

    @Test
    void everyAnswerOfAnOrdinaryRound_fitsTheContract() {
        OpenAPIContract contract = servedContract();
        ResponseValidator validator = ResponseValidator.create(server.vertx, contract);
        WebClient node = server.tlsClient(server.hospitalA);
        WebClient people = server.patientClient();
        List<String> checked = new ArrayList<>();
        Checker check = (operationId, reply) -> {
            validator.validate(ValidatableResponse.create(reply.status(), reply.body(), reply.headers().get("content-type")), operationId)
                    .await();
            checked.add(operationId + " " + reply.status());
        };

        check.fits("getHealth", server.get(people, "/health", Map.of()));
        check.fits("getOpenApiDocument", server.get(people, CONTRACT_PATH, Map.of()));
        check.fits("getMyConsent", server.get(people, "/api/v1/me/consent", bearer(patient)));
        Reply enrolled = server.sendJson(node, HttpMethod.POST, "/node/v1/enrollments", Map.of(), Map.of("count", 2));
        check.fits("enrollPatients", enrolled);
        String code = enrolled.as(EnrollmentBatch.class).enrollments().get(0).enrollmentCode();
        Reply redeemed = server.sendRaw(people, HttpMethod.POST, "/api/v1/enrollments/redeem", Map.of(),
                "{\"enrollmentCode\":\"" + code + "\",\"passphrase\":\"" + ConsentServer.PASSPHRASE + "\"}");
        check.fits("redeemEnrollmentCode", redeemed);
        check.fits("redeemEnrollmentCode", server.sendRaw(people, HttpMethod.POST, "/api/v1/enrollments/redeem", Map.of(),
                "{\"enrollmentCode\":\"" + code + "\",\"passphrase\":\"" + ConsentServer.PASSPHRASE + "\"}"));
        NewAccount account = redeemed.as(NewAccount.class);
        check.fits("signIn", server.sendJson(people, HttpMethod.POST, "/api/v1/sign-in", Map.of(),
                new SignInRequest(account.signInId(), ConsentServer.PASSPHRASE)));
        check.fits("signIn", server.sendJson(people, HttpMethod.POST, "/api/v1/sign-in", Map.of(),
                new SignInRequest(account.signInId(), "not the passphrase")));
        check.fits("putMyConsent", server.choose(patient, diseaseSpecific(LEUKEMIA)));
        check.fits("putMyConsent", server.sendRaw(people, HttpMethod.PUT, "/api/v1/me/consent", bearer(patient),
                "{\"permission\":\"" + DS + "\",\"optedOut\":false}"));
        check.fits("getMyConsent", server.get(people, "/api/v1/me/consent", bearer(patient)));
        check.fits("getMyConsentHistory", server.get(people, "/api/v1/me/consent/history", bearer(patient)));
        check.fits("requestSnapshot", server.sendJson(node, HttpMethod.POST, "/node/v1/snapshots", Map.of(),
                new SnapshotRequest("study-1", 1, ALL_STUDY, List.of(patient.pseudonym()))));
        check.fits("reportUse", server.sendJson(node, HttpMethod.POST, "/node/v1/uses", Map.of(),
                new UseReport("study-1", 1, List.of(patient.pseudonym()))));
        check.fits("reportUse", server.sendJson(server.tlsClient(server.hospitalB), HttpMethod.POST, "/node/v1/uses", Map.of(),
                new UseReport("study-1", 1, List.of(patient.pseudonym()))));
        check.fits("getMyUses", server.get(people, "/api/v1/me/uses", bearer(patient)));
        check.fits("getMyLedger", server.get(people, "/api/v1/me/ledger", bearer(patient)));
        check.fits("getMyLedger", server.get(people, "/api/v1/me/ledger?treeSize=1", bearer(patient)));
        check.fits("getMyLedger", server.get(people, "/api/v1/me/ledger", Map.of()));
        check.fits("getLedgerHead", server.get(people, "/api/v1/ledger/head", Map.of()));
        check.fits("getLedgerKey", server.get(people, "/api/v1/ledger/key", Map.of()));
        check.fits("getLedgerConsistency", server.get(people, "/api/v1/ledger/consistency?from=1&to=2", Map.of()));
        check.fits("getLedgerConsistency", server.get(people, "/api/v1/ledger/consistency?from=2&to=1", Map.of()));

        assertThat(checked).contains("getMyConsent 404", "enrollPatients 201", "redeemEnrollmentCode 401", "signIn 401",
                "putMyConsent 400", "reportUse 403", "getMyLedger 401", "getLedgerConsistency 400", "getLedgerConsistency 200");
    }

    @FunctionalInterface
    private interface Checker {
        void fits(String operationId, Reply reply);
    }
}
