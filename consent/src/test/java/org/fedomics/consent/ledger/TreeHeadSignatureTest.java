package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.ArtifactSigner;
import org.junit.jupiter.api.Test;

class TreeHeadSignatureTest {
    private static final ConsortiumCa CA = ConsortiumCa.create("test", Clock.systemUTC());
    private static final Credential CONSENT = CA.issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of("127.0.0.1"),
            Duration.ofDays(1));
    private static final Hash ROOT = Rfc6962.sha256("root".getBytes(StandardCharsets.US_ASCII));

    @Test
    void signedHead_verifiesWithTheServicesCertificate_andNamesItsOrigin() throws Exception {
        SignedTreeHead head = TreeHeadSigner.of(CONSENT).sign(42, ROOT);

        Checkpoint verified = TreeHeadVerifier.forCertificate(CONSENT.certificate()).verify(head.jws());

        assertThat(verified).isEqualTo(new Checkpoint("fedomics/consent/ledger", 42, ROOT));
        assertThat(head.checkpoint()).isEqualTo(verified);
    }

    @Test
    void signedHead_ofAnotherKey_failsEvenUnderTheSameName() {
        Credential impostor = ConsortiumCa.create("test", Clock.systemUTC())
                .issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(), Duration.ofDays(1));
        String jws = TreeHeadSigner.of(impostor).sign(42, ROOT).jws();

        assertThatThrownBy(() -> TreeHeadVerifier.forCertificate(CONSENT.certificate()).verify(jws))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void signedHead_withATamperedPayload_fails() {
        String jws = TreeHeadSigner.of(CONSENT).sign(42, ROOT).jws();
        String[] parts = jws.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new Checkpoint("fedomics/consent/ledger", 43, ROOT).text().getBytes(StandardCharsets.UTF_8));

        String tampered = parts[0] + "." + otherPayload + "." + parts[2];

        assertThatThrownBy(() -> TreeHeadVerifier.forCertificate(CONSENT.certificate()).verify(tampered))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void artifactOfAnotherType_byTheSameKey_isNotATreeHead() {
        String snapshot = new ArtifactSigner(CONSENT).sign(new Checkpoint("fedomics/consent/ledger", 42, ROOT).text()
                .getBytes(StandardCharsets.UTF_8), "fedomics-consent-snapshot+jws");

        assertThatThrownBy(() -> TreeHeadVerifier.forCertificate(CONSENT.certificate()).verify(snapshot))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void signedHead_ofAnotherLog_orWithAPayloadThatIsNoCheckpoint_fails() {
        String otherLog = new TreeHeadSigner(new ArtifactSigner(CONSENT), "another/log").sign(42, ROOT).jws();
        String notACheckpoint = new ArtifactSigner(CONSENT).sign("{\"size\":42}".getBytes(StandardCharsets.UTF_8), SignedTreeHead.TYPE);

        TreeHeadVerifier verifier = TreeHeadVerifier.forCertificate(CONSENT.certificate());
        assertThatThrownBy(() -> verifier.verify(otherLog)).isInstanceOf(InvalidProofException.class).hasMessageContaining("another/log");
        assertThatThrownBy(() -> verifier.verify(notACheckpoint)).isInstanceOf(InvalidProofException.class)
                .hasMessageContaining("not a checkpoint");
    }
}
