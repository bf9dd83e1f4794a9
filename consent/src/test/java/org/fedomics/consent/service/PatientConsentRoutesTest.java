package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.service.ConsentServer.BREAST_CANCER;
import static org.fedomics.consent.service.ConsentServer.DS;
import static org.fedomics.consent.service.ConsentServer.GRU;
import static org.fedomics.consent.service.ConsentServer.LEUKEMIA;
import static org.fedomics.consent.service.ConsentServer.bearer;
import static org.fedomics.consent.service.ConsentServer.diseaseSpecific;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.service.ConsentServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A signed-in patient records consent choices (each a new version), reads back the latest, and
 * gets a 400 that names the field for every choice that cannot be a consent. Refused requests
 * record nothing.
 */
class PatientConsentRoutesTest {
    private static final String CONSENT = "/api/v1/me/consent";
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

    @Test
    void get_beforeAnyChoice_answers404() {
        Reply reply = server.get(server.patientClient(), CONSENT, bearer(patient));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.error()).contains("no consent");
    }

    @Test
    void put_diseaseSpecificLeukemia_answersVersion1WithTheChoice() {
        Reply reply = server.choose(patient, diseaseSpecific(LEUKEMIA));

        assertThat(reply.status()).isEqualTo(200);
        ConsentView view = reply.as(ConsentView.class);
        assertThat(view.pseudonym()).isEqualTo(patient.pseudonym());
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.choice()).isEqualTo(diseaseSpecific(LEUKEMIA));
        assertThat(view.recordedAt()).isEqualTo(server.clock.instant().toString());
        assertThat(view.validFrom()).isEqualTo(server.clock.instant().toString());
    }

    @Test
    void put_twice_answersVersion2AndGetShowsTheLatest() {
        server.choose(patient, diseaseSpecific(LEUKEMIA));
        ConsentChoice narrowed = new ConsentChoice(DS, List.of(BREAST_CANCER), List.of("DUO:0000021", "DUO:0000025"),
                Map.of("DUO:0000025", "12"), List.of("study-x"), List.of("study-y"), "2099-01-01T00:00:00Z", false);

        Reply second = server.choose(patient, narrowed);
        Reply current = server.get(server.patientClient(), CONSENT, bearer(patient));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.as(ConsentView.class).version()).isEqualTo(2);
        assertThat(current.status()).isEqualTo(200);
        ConsentView view = current.as(ConsentView.class);
        assertThat(view.version()).isEqualTo(2);
        assertThat(view.choice()).isEqualTo(narrowed);
        assertThat(server.store.history(patient.pseudonym())).hasSize(2);
    }

    @Test
    void put_optedOut_isRecordedAsANewVersion() {
        server.choose(patient, diseaseSpecific(LEUKEMIA));

        Reply reply = server.choose(patient, ConsentServer.optedOut(diseaseSpecific(LEUKEMIA)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.as(ConsentView.class).version()).isEqualTo(2);
        assertThat(reply.as(ConsentView.class).choice().optedOut()).isTrue();
    }

    static Stream<Arguments> invalidChoices() {
        return Stream.of(
                Arguments.of("unknown permission code",
                        "{\"permission\":\"DUO:9999999\",\"optedOut\":false}", List.of("permission", "DUO:9999999")),
                Arguments.of("missing permission", "{\"optedOut\":false}", List.of("permission")),
                Arguments.of("unknown modifier code",
                        "{\"permission\":\"" + GRU + "\",\"modifiers\":[\"DUO:0000099\"],\"optedOut\":false}",
                        List.of("modifier", "DUO:0000099")),
                Arguments.of("DS without a disease", "{\"permission\":\"" + DS + "\",\"optedOut\":false}", List.of("diseaseIds")),
                Arguments.of("disease without DS",
                        "{\"permission\":\"" + GRU + "\",\"diseaseIds\":[\"" + LEUKEMIA + "\"],\"optedOut\":false}",
                        List.of("diseaseIds")),
                Arguments.of("TS without months",
                        "{\"permission\":\"" + GRU + "\",\"modifiers\":[\"DUO:0000025\"],\"optedOut\":false}",
                        List.of("modifierParameters", "TS")),
                Arguments.of("TS with months that are not a number",
                        "{\"permission\":\"" + GRU + "\",\"modifiers\":[\"DUO:0000025\"],"
                                + "\"modifierParameters\":{\"DUO:0000025\":\"a year\"},\"optedOut\":false}",
                        List.of("TS", "a year")),
                Arguments.of("validUntil not ISO",
                        "{\"permission\":\"" + GRU + "\",\"validUntil\":\"next year\",\"optedOut\":false}", List.of("validUntil")),
                Arguments.of("validUntil in the past",
                        "{\"permission\":\"" + GRU + "\",\"validUntil\":\"2000-01-01T00:00:00Z\",\"optedOut\":false}",
                        List.of("validUntil")),
                Arguments.of("a study both permitted and denied",
                        "{\"permission\":\"" + GRU + "\",\"permittedStudies\":[\"s-1\"],\"deniedStudies\":[\"s-1\"],\"optedOut\":false}",
                        List.of("permittedStudies", "deniedStudies")),
                Arguments.of("unknown JSON field",
                        "{\"permission\":\"" + GRU + "\",\"optOut\":true,\"optedOut\":false}", List.of("'optOut'")),
                Arguments.of("duplicate JSON member",
                        "{\"permission\":\"" + GRU + "\",\"optedOut\":true,\"optedOut\":false}", List.of("optedOut")),
                Arguments.of("null for a boolean", "{\"permission\":\"" + GRU + "\",\"optedOut\":null}", List.of("optedOut")),
                Arguments.of("wrong type", "{\"permission\":\"" + GRU + "\",\"diseaseIds\":\"" + LEUKEMIA + "\",\"optedOut\":false}",
                        List.of("diseaseIds")),
                Arguments.of("trailing tokens", "{\"permission\":\"" + GRU + "\",\"optedOut\":false} {}", List.of("Trailing token")),
                Arguments.of("not JSON", "permission=GRU", List.of("malformed JSON")),
                Arguments.of("empty body", "", List.of("ConsentChoice")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidChoices")
    void put_invalidChoice_answers400NamingTheProblemAndRecordsNothing(String what, String body, List<String> named) {
        Reply reply = server.sendRaw(server.patientClient(), HttpMethod.PUT, CONSENT, bearer(patient), body);

        assertThat(reply.status()).as(what).isEqualTo(400);
        assertThat(reply.error()).as(what).contains(named);
        assertThat(server.store.current(patient.pseudonym())).as(what).isEmpty();
    }

    @Test
    void put_invalidChoiceAfterAValidOne_keepsTheValidOne() {
        server.choose(patient, diseaseSpecific(LEUKEMIA));

        Reply reply = server.sendRaw(server.patientClient(), HttpMethod.PUT, CONSENT, bearer(patient),
                "{\"permission\":\"" + DS + "\",\"optedOut\":false}");

        assertThat(reply.status()).isEqualTo(400);
        ConsentView view = server.get(server.patientClient(), CONSENT, bearer(patient)).as(ConsentView.class);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.choice()).isEqualTo(diseaseSpecific(LEUKEMIA));
    }

    @Test
    void put_bodyOverTheLimit_answers413AndRecordsNothing() {
        String body = choiceWithOneLongStudy(ConsentRoutes.MAX_PATIENT_BODY_BYTES + 1);

        Reply reply = server.sendRaw(server.patientClient(), HttpMethod.PUT, CONSENT, bearer(patient), body);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.error()).contains("too large");
        assertThat(server.store.current(patient.pseudonym())).isEmpty();
    }

    @Test
    void put_bodyOf64KiB_answers413RatherThanFailingInTheDatabase() {
        // 64 KiB of terms no longer fit the 65,535-character terms column: this used to be a 500.
        String body = choiceWithOneLongStudy(64 * 1024);

        Reply reply = server.sendRaw(server.patientClient(), HttpMethod.PUT, CONSENT, bearer(patient), body);

        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void put_bodyExactlyAtTheLimit_isStoredAndReadBack() {
        String body = choiceWithOneLongStudy(ConsentRoutes.MAX_PATIENT_BODY_BYTES);

        Reply reply = server.sendRaw(server.patientClient(), HttpMethod.PUT, CONSENT, bearer(patient), body);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(server.get(server.patientClient(), CONSENT, bearer(patient)).as(ConsentView.class).choice().permittedStudies())
                .singleElement().asString().hasSize(body.length() - choiceWithOneLongStudy(0).length());
    }

    /** A GRU choice of exactly {@code bytes} bytes (at least its skeleton), padded by one long permitted study id. */
    private static String choiceWithOneLongStudy(int bytes) {
        String prefix = "{\"permission\":\"" + GRU + "\",\"permittedStudies\":[\"";
        String suffix = "\"],\"optedOut\":false}";
        return prefix + "s".repeat(Math.max(0, bytes - prefix.length() - suffix.length())) + suffix;
    }

    @Test
    void sessionToken_usedForManyRequests_keepsWorkingUntilItExpires() {
        for (int i = 1; i <= 3; i++) {
            assertThat(server.choose(patient, diseaseSpecific(LEUKEMIA)).status()).isEqualTo(200);
            assertThat(server.get(server.patientClient(), CONSENT, bearer(patient)).as(ConsentView.class).version()).isEqualTo(i);
        }

        server.clock.advance(java.time.Duration.ofMinutes(32));

        assertThat(server.get(server.patientClient(), CONSENT, bearer(patient)).status()).isEqualTo(401);
    }
}
