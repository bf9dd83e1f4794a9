package org.fedomics.consent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.UseReport;
import org.junit.jupiter.api.Test;

/** Every message means exactly one thing; every refusal is a BAD_REQUEST naming what is wrong. */
class StrictJsonTest {

    @Test
    void read_validMessage_succeeds() {
        assertThat(read("{\"count\":3}", EnrollmentRequest.class)).isEqualTo(ServiceResult.ok(new EnrollmentRequest(3)));
    }

    @Test
    void read_unknownField_failsNamingFieldAndType() {
        assertBadRequest(read("{\"count\":3,\"hospital\":\"x\"}", EnrollmentRequest.class),
                "unknown field 'hospital' in EnrollmentRequest");
    }

    @Test
    void read_duplicateMember_failsNamingTheMember() {
        assertBadRequest(read("{\"count\":3,\"count\":4}", EnrollmentRequest.class), "malformed JSON", "Duplicate field 'count'");
    }

    @Test
    void read_trailingTokens_fails() {
        assertBadRequest(read("{\"count\":3} {\"count\":4}", EnrollmentRequest.class), "Trailing token");
        assertBadRequest(read("{\"count\":3} x", EnrollmentRequest.class), "malformed JSON");
    }

    @Test
    void read_nullForPrimitive_failsNamingTheField() {
        assertBadRequest(read("{\"count\":null}", EnrollmentRequest.class), "invalid EnrollmentRequest at count");
    }

    @Test
    void read_missingPrimitive_failsNamingTheFieldRatherThanReadingZero() {
        assertBadRequest(read("{\"studyId\":\"s\",\"pseudonyms\":[]}", UseReport.class), "invalid UseReport at round");
    }

    @Test
    void read_wrongType_failsNamingThePath() {
        assertBadRequest(read("{\"count\":\"three\"}", EnrollmentRequest.class), "invalid EnrollmentRequest at count");
        assertBadRequest(read("{\"count\":[3]}", EnrollmentRequest.class), "invalid EnrollmentRequest at count");
        assertBadRequest(read("{\"studyId\":\"s\",\"round\":1,\"pseudonyms\":[\"P-1\",{\"a\":1}]}", UseReport.class),
                "invalid UseReport at pseudonyms[1]");
        assertBadRequest(read("[3]", EnrollmentRequest.class), "invalid EnrollmentRequest at the top level");
    }

    @Test
    void read_valueTheRecordRefuses_failsWithTheRecordsReason() {
        assertBadRequest(read("{\"count\":0}", EnrollmentRequest.class), "invalid EnrollmentRequest: count must be 1..10000, got 0");
    }

    @Test
    void read_emptyOrMissingBody_failsNamingTheExpectedType() {
        assertBadRequest(StrictJson.read(new byte[0], EnrollmentRequest.class), "the request body must be a JSON EnrollmentRequest");
        assertBadRequest(StrictJson.read(null, EnrollmentRequest.class), "the request body must be a JSON EnrollmentRequest");
    }

    @Test
    void read_notJson_failsAsMalformed() {
        assertBadRequest(read("count=3", EnrollmentRequest.class), "malformed JSON");
        assertBadRequest(read("{\"count\":3", EnrollmentRequest.class), "malformed JSON");
        assertBadRequest(StrictJson.read(new byte[] {(byte) 0xff, (byte) 0xfe, 0}, EnrollmentRequest.class), "malformed JSON");
    }

    @Test
    void writeThenRead_roundTrips() {
        UseReport report = new UseReport("study-1", 2, List.of("P-1", "P-2"));

        assertThat(StrictJson.writeString(report)).isEqualTo("{\"studyId\":\"study-1\",\"round\":2,\"pseudonyms\":[\"P-1\",\"P-2\"]}");
        assertThat(StrictJson.read(StrictJson.write(report), UseReport.class)).isEqualTo(ServiceResult.ok(report));
    }

    @Test
    void readTrusted_invalid_throwsIllegalArgumentNamingTheType() {
        assertThatThrownBy(() -> StrictJson.readTrusted("{\"count\":3,\"x\":1}".getBytes(StandardCharsets.UTF_8), EnrollmentRequest.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid EnrollmentRequest JSON");
    }

    private static <T> ServiceResult<T> read(String json, Class<T> type) {
        return StrictJson.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static void assertBadRequest(ServiceResult<?> result, String... messageParts) {
        assertThat(result).isInstanceOf(ServiceResult.Failure.class);
        ServiceResult.Failure<?> failure = (ServiceResult.Failure<?>) result;
        assertThat(failure.reason()).isEqualTo(ServiceResult.Reason.BAD_REQUEST);
        assertThat(failure.message()).contains(messageParts);
    }
}
