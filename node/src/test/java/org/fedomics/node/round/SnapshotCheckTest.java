package org.fedomics.node.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.fedomics.consent.api.ConsentSnapshot;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.ArtifactSigner;
import org.fedomics.node.training.CohortMember;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real snapshots signed with a consent-service credential from a test CA; the node's clock is fixed. */
class SnapshotCheckTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static Credential consent;
    private static Credential otherConsent;

    private final List<CohortMember> cohort = List.of(
            new CohortMember("S1", "p-1", "yes", 0),
            new CohortMember("S2", "p-2", "no", 1),
            new CohortMember("S3", "p-3", "yes", 2),
            new CohortMember("S4", "p-4", "no", 0));
    private final SnapshotCheck check = new SnapshotCheck(consent.certificate(), "hospital-a", MAX_AGE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void issueCredentials() {
        ConsortiumCa ca = ConsortiumCa.create("test", Clock.systemUTC());
        consent = ca.issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(), Duration.ofDays(1));
        otherConsent = ca.issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(), Duration.ofDays(1));
    }

    /** p-1 and p-3 permit; p-2 denies; p-4 is not in the snapshot at all. */
    private static ConsentSnapshot snapshot(String study, int round, String hospital, Instant issuedAt) {
        return new ConsentSnapshot(study, round, hospital, issuedAt.toString(), List.of(
                new ConsentSnapshot.Entry("p-1", "PERMIT"),
                new ConsentSnapshot.Entry("p-2", "DENY"),
                new ConsentSnapshot.Entry("p-3", "PERMIT"),
                new ConsentSnapshot.Entry("p-9", "PERMIT")));
    }

    private static String sign(Credential by, ConsentSnapshot snapshot) {
        return new ArtifactSigner(by).sign(StrictJson.write(snapshot), ConsentSnapshot.TYPE);
    }

    private static String fresh() {
        return sign(consent, snapshot("study-1", 2, "hospital-a", NOW.minusSeconds(30)));
    }

    @Test
    void permitted_freshSnapshotForThisRound_keepsOnlyPermitMembers() throws GeneralSecurityException {
        PermittedRecords permitted = check.permitted(fresh(), "study-1", 2, cohort);

        assertThat(permitted.members()).extracting(CohortMember::sampleId).containsExactly("S1", "S3");
        assertThat(permitted.excluded()).isEqualTo(2);
        assertThat(permitted.studyId()).isEqualTo("study-1");
        assertThat(permitted.round()).isEqualTo(2);
    }

    @Test
    void permitted_pseudonymListedAsPermitAndDeny_failsClosed() throws GeneralSecurityException {
        ConsentSnapshot contradictory = new ConsentSnapshot("study-1", 2, "hospital-a", NOW.toString(), List.of(
                new ConsentSnapshot.Entry("p-1", "PERMIT"),
                new ConsentSnapshot.Entry("p-1", "DENY"),
                new ConsentSnapshot.Entry("p-3", "PERMIT")));
        PermittedRecords permitted = check.permitted(sign(consent, contradictory), "study-1", 2, cohort);

        assertThat(permitted.members()).extracting(CohortMember::sampleId).containsExactly("S3");
    }

    @Test
    void permitted_exactlyMaxAgeOldOrSlightlyFromTheFuture_accepted() throws GeneralSecurityException {
        String atLimit = sign(consent, snapshot("study-1", 2, "hospital-a", NOW.minus(MAX_AGE)));
        String skewed = sign(consent, snapshot("study-1", 2, "hospital-a", NOW.plusSeconds(59)));

        assertThat(check.permitted(atLimit, "study-1", 2, cohort).members()).hasSize(2);
        assertThat(check.permitted(skewed, "study-1", 2, cohort).members()).hasSize(2);
    }

    @Test
    void permitted_snapshotForAnotherStudy_refused() {
        String other = sign(consent, snapshot("study-2", 2, "hospital-a", NOW));

        assertThatThrownBy(() -> check.permitted(other, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_snapshotForAnotherRound_refused() {
        String earlier = sign(consent, snapshot("study-1", 1, "hospital-a", NOW));

        assertThatThrownBy(() -> check.permitted(earlier, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_snapshotForAnotherHospital_refused() {
        String theirs = sign(consent, snapshot("study-1", 2, "hospital-b", NOW));

        assertThatThrownBy(() -> check.permitted(theirs, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_olderThanMaxAge_refused() {
        String stale = sign(consent, snapshot("study-1", 2, "hospital-a", NOW.minus(MAX_AGE).minusSeconds(1)));

        assertThatThrownBy(() -> check.permitted(stale, "study-1", 2, cohort))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("old");
    }

    @Test
    void permitted_issuedMoreThanOneMinuteInTheFuture_refused() {
        String future = sign(consent, snapshot("study-1", 2, "hospital-a", NOW.plusSeconds(61)));

        assertThatThrownBy(() -> check.permitted(future, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_unparseableIssueTime_refused() {
        String noTime = sign(consent, new ConsentSnapshot("study-1", 2, "hospital-a", "yesterday",
                List.of(new ConsentSnapshot.Entry("p-1", "PERMIT"))));

        assertThatThrownBy(() -> check.permitted(noTime, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_signedByAnotherKeyOfTheSameConsortium_refused() {
        String forged = sign(otherConsent, snapshot("study-1", 2, "hospital-a", NOW));

        assertThatThrownBy(() -> check.permitted(forged, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_payloadTamperedAfterSigning_refused() {
        String[] parts = fresh().split("\\.");
        ConsentSnapshot widened = new ConsentSnapshot("study-1", 2, "hospital-a", NOW.minusSeconds(30).toString(), List.of(
                new ConsentSnapshot.Entry("p-1", "PERMIT"), new ConsentSnapshot.Entry("p-2", "PERMIT"),
                new ConsentSnapshot.Entry("p-3", "PERMIT"), new ConsentSnapshot.Entry("p-4", "PERMIT")));
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(StrictJson.write(widened))
                + "." + parts[2];

        assertThatThrownBy(() -> check.permitted(tampered, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_rightKeyButAnotherArtifactType_refused() {
        String release = new ArtifactSigner(consent).sign(StrictJson.write(snapshot("study-1", 2, "hospital-a", NOW)),
                "fedomics-release+jws");

        assertThatThrownBy(() -> check.permitted(release, "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void permitted_notAJws_refused() {
        assertThatThrownBy(() -> check.permitted("not a jws", "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> check.permitted(new String(StrictJson.write(snapshot("study-1", 2, "hospital-a", NOW)),
                StandardCharsets.UTF_8), "study-1", 2, cohort)).isInstanceOf(GeneralSecurityException.class);
    }
}
