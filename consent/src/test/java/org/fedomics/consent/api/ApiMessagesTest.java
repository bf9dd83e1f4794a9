package org.fedomics.consent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.junit.jupiter.api.Test;

/** The consent API's messages: bounds checked on construction, secrets kept out of toString. */
class ApiMessagesTest {
    private static final DeclaredUse GRU_USE = new DeclaredUse("DUO:0000042", null, false, false, false, "Test University", null);

    @Test
    void enrollmentRequest_countWithinOneToMax_isAccepted() {
        assertThat(new EnrollmentRequest(1).count()).isEqualTo(1);
        assertThat(new EnrollmentRequest(EnrollmentRequest.MAX).count()).isEqualTo(10_000);
    }

    @Test
    void enrollmentRequest_countOutOfRange_isRefusedNamingCount() {
        for (int count : new int[] {0, -5, EnrollmentRequest.MAX + 1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> new EnrollmentRequest(count)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("count must be 1..10000, got " + count);
        }
    }

    @Test
    void snapshotRequest_missingOrInvalidParts_areRefused() {
        List<String> none = List.of();
        assertThatThrownBy(() -> new SnapshotRequest(null, 1, GRU_USE, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotRequest(" ", 1, GRU_USE, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotRequest("s", -1, GRU_USE, none)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SnapshotRequest("s", 0, GRU_USE, none).round()).as("round 0: the statistics before round 1").isZero();
        assertThatThrownBy(() -> new SnapshotRequest("s", 1, null, none)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnapshotRequest("s", 1, GRU_USE, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotRequest_pseudonyms_areCopied() {
        List<String> pseudonyms = new ArrayList<>(List.of("P-1"));
        SnapshotRequest request = new SnapshotRequest("s", 1, GRU_USE, pseudonyms);

        pseudonyms.add("P-2");

        assertThat(request.pseudonyms()).containsExactly("P-1");
        assertThatThrownBy(() -> request.pseudonyms().add("P-3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void useReport_missingOrInvalidParts_areRefused() {
        assertThatThrownBy(() -> new UseReport("", 1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UseReport("s", -1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new UseReport("s", 0, List.of()).round()).as("round 0: the statistics before round 1").isZero();
        assertThatThrownBy(() -> new UseReport("s", 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void consentChoice_absentListsAndMaps_areEmptyAndImmutable() {
        ConsentChoice choice = new ConsentChoice("DUO:0000042", null, null, null, null, null, null, false);

        assertThat(choice.diseaseIds()).isEmpty();
        assertThat(choice.modifiers()).isEmpty();
        assertThat(choice.modifierParameters()).isEmpty();
        assertThat(choice.permittedStudies()).isEmpty();
        assertThat(choice.deniedStudies()).isEmpty();
        assertThatThrownBy(() -> choice.permittedStudies().add("s")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void consentChoice_inputs_areCopied() {
        List<String> studies = new ArrayList<>(List.of("s-1"));
        Map<String, String> parameters = new HashMap<>(Map.of("DUO:0000025", "12"));
        ConsentChoice choice = new ConsentChoice("DUO:0000042", null, List.of("DUO:0000025"), parameters, studies, null, null, false);

        studies.add("s-2");
        parameters.put("DUO:0000025", "1200");

        assertThat(choice.permittedStudies()).containsExactly("s-1");
        assertThat(choice.modifierParameters()).containsExactly(Map.entry("DUO:0000025", "12"));
    }

    @Test
    void consentChoice_fromJsonWithAbsentLists_readsThemAsEmpty() {
        ServiceResult<ConsentChoice> read = StrictJson.read("{\"permission\":\"DUO:0000042\",\"optedOut\":false}".getBytes(), ConsentChoice.class);

        assertThat(read).isEqualTo(ServiceResult.ok(new ConsentChoice("DUO:0000042", List.of(), List.of(), Map.of(), List.of(), List.of(),
                null, false)));
    }

    @Test
    void toString_ofMessagesCarryingSecrets_neverShowsThem() {
        String code = "ABCD-EFGH-JKMN-PQRS";
        String token = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJQLTEifQ.c2lnbmF0dXJl";

        String passphrase = "correct horse battery staple";
        assertThat(new RedeemRequest(code, passphrase).toString()).doesNotContain(code).doesNotContain(passphrase).contains("redacted");
        assertThat(new SignInRequest("7K3M-QF2X-9ABD", passphrase).toString()).doesNotContain(passphrase).contains("redacted");
        assertThat(new PatientSession("P-1", token, "2030-01-01T00:00:00Z").toString()).doesNotContain(token).contains("P-1");
        EnrollmentBatch batch = new EnrollmentBatch(List.of(new EnrollmentBatch.Entry("P-1", code)));
        assertThat(batch.toString()).doesNotContain(code).contains("P-1");
        assertThat(batch.enrollments().get(0).toString()).doesNotContain(code);
    }

    @Test
    void json_ofMessagesCarryingSecrets_stillCarriesThem() {
        // Redaction is for logs only: the wire must carry the code and token to their owner.
        String json = StrictJson.writeString(new EnrollmentBatch(List.of(new EnrollmentBatch.Entry("P-1", "ABCD-EFGH-JKMN-PQRS"))));

        assertThat(json).isEqualTo("{\"enrollments\":[{\"pseudonym\":\"P-1\",\"enrollmentCode\":\"ABCD-EFGH-JKMN-PQRS\"}]}");
        assertThat(StrictJson.writeString(new PatientSession("P-1", "t.o.k", "2030-01-01T00:00:00Z"))).contains("\"token\":\"t.o.k\"");
    }

    @Test
    void consentSnapshot_decisions_areCopied() {
        List<ConsentSnapshot.Entry> decisions = new ArrayList<>(List.of(new ConsentSnapshot.Entry("P-1", "PERMIT")));
        ConsentSnapshot snapshot = new ConsentSnapshot("s", 1, "hospital-a", "2030-01-01T00:00:00Z", decisions);

        decisions.clear();

        assertThat(snapshot.decisions()).hasSize(1);
    }
}
