package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fedomics.crypto.aead.Passphrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumCaTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private static final ParticipantIdentity NODE_A = new ParticipantIdentity(Role.NODE, "hospital-a");

    @TempDir
    Path dir;

    @Test
    void create_always_caCertificateIsSelfSignedCaWithCertAndCrlSigning() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        X509Certificate cert = ca.certificate();

        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        boolean[] usage = cert.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void issue_nodeWithHosts_certificateCarriesSubjectSanEkuAndNoCa() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        Credential credential = ca.issue(NODE_A, List.of("127.0.0.1", "localhost"), Duration.ofDays(30));
        X509Certificate cert = credential.certificate();

        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=hospital-a,OU=node,O=demo");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)));
        assertThat(credential.identity()).isEqualTo(NODE_A);
        assertThat(credential.caCertificate()).isEqualTo(ca.certificate());
    }

    @Test
    void issue_twice_serialNumbersDiffer() {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        Credential first = ca.issue(NODE_A, List.of(), Duration.ofDays(1));
        Credential second = ca.issue(NODE_A, List.of(), Duration.ofDays(1));
        assertThat(first.certificate().getSerialNumber()).isNotEqualTo(second.certificate().getSerialNumber());
    }

    @Test
    void issue_invalidHostName_fails() {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        assertThatThrownBy(() -> ca.issue(NODE_A, List.of("bad host/name"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad host/name");
    }

    @Test
    void revoke_issuedCertificate_appearsInSignedCrl() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        Credential a = ca.issue(NODE_A, List.of(), Duration.ofDays(1));
        Credential b = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-b"), List.of(), Duration.ofDays(1));

        ca.revoke(a.certificate());
        X509CRL crl = ca.crl();

        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.isRevoked(a.certificate())).isTrue();
        assertThat(crl.isRevoked(b.certificate())).isFalse();
        assertThat(crl.getNextUpdate().toInstant()).isAfter(CLOCK.instant());
    }

    @Test
    void revoke_certificateOfAnotherCa_fails() {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        ConsortiumCa other = ConsortiumCa.create("other", CLOCK);
        Credential foreign = other.issue(NODE_A, List.of(), Duration.ofDays(1));
        assertThatThrownBy(() -> ca.revoke(foreign.certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not issued by this CA");
    }

    @Test
    void saveAndLoad_withRevocation_keepsKeyCertificateAndRevocations() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        Credential a = ca.issue(NODE_A, List.of(), Duration.ofDays(1));
        ca.revoke(a.certificate());
        Path file = dir.resolve("ca.p12");
        ca.save(file, Passphrase.of("ca-secret".toCharArray()));

        ConsortiumCa loaded = ConsortiumCa.load(file, Passphrase.of("ca-secret".toCharArray()), CLOCK);

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(loaded.consortiumName()).isEqualTo("demo");
        assertThat(loaded.crl().isRevoked(a.certificate())).isTrue();
        Credential issuedLater = loaded.issue(NODE_A, List.of(), Duration.ofDays(1));
        issuedLater.certificate().verify(ca.certificate().getPublicKey());
    }

    @Test
    void load_wrongPassphrase_failsNamingFile() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        Path file = dir.resolve("ca.p12");
        ca.save(file, Passphrase.of("right".toCharArray()));

        assertThatThrownBy(() -> ConsortiumCa.load(file, Passphrase.of("wrong".toCharArray()), CLOCK))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("wrong passphrase or corrupted keystore " + file);
    }

    @Test
    void load_revocationFileSignedByAnotherCa_fails() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        ConsortiumCa other = ConsortiumCa.create("demo", CLOCK);
        Path file = dir.resolve("ca.p12");
        Path otherFile = dir.resolve("other.p12");
        ca.save(file, Passphrase.of("pw".toCharArray()));
        other.save(otherFile, Passphrase.of("pw".toCharArray()));
        java.nio.file.Files.copy(ConsortiumCa.crlFile(otherFile), ConsortiumCa.crlFile(file),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> ConsortiumCa.load(file, Passphrase.of("pw".toCharArray()), CLOCK))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("revocation list " + ConsortiumCa.crlFile(file) + " is not signed by the consortium CA");
    }

    @Test
    void credential_writeAndReadPkcs12_roundTrips() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", CLOCK);
        Credential credential = ca.issue(NODE_A, List.of("localhost"), Duration.ofDays(1));
        Path file = dir.resolve("node.p12");
        credential.writePkcs12(file, Passphrase.of("pw".toCharArray()));

        Credential read = Credential.readPkcs12(file, Passphrase.of("pw".toCharArray()));

        assertThat(read.certificate()).isEqualTo(credential.certificate());
        assertThat(read.caCertificate()).isEqualTo(ca.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(credential.privateKey().getEncoded());
        assertThat(read.identity()).isEqualTo(NODE_A);
    }

    @Test
    void credential_readPkcs12WithWrongPassphrase_failsNamingFile() throws Exception {
        Credential credential = ConsortiumCa.create("demo", CLOCK).issue(NODE_A, List.of(), Duration.ofDays(1));
        Path file = dir.resolve("node.p12");
        credential.writePkcs12(file, Passphrase.of("pw".toCharArray()));

        assertThatThrownBy(() -> Credential.readPkcs12(file, Passphrase.of("nope".toCharArray())))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining(file.toString());
    }

    @Test
    void credential_toString_neverShowsKey() {
        Credential credential = ConsortiumCa.create("demo", CLOCK).issue(NODE_A, List.of(), Duration.ofDays(1));
        String text = credential.toString();
        String keyHex = java.util.HexFormat.of().formatHex(credential.privateKey().getEncoded());
        assertThat(text).contains("CN=hospital-a").contains("redacted").doesNotContain(keyHex)
                .doesNotContain(credential.privateKey().toString());
    }
}
