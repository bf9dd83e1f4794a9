package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdentityTest {

    @ParameterizedTest
    @EnumSource(Role.class)
    void of_issuedCertificate_returnsRoleAndName(Role role) {
        ConsortiumCa ca = ConsortiumCa.create("demo", Clock.systemUTC());
        ParticipantIdentity who = new ParticipantIdentity(role, "svc-1");
        assertThat(PeerIdentity.of(ca.issue(who, List.of(), Duration.ofDays(1)).certificate())).isEqualTo(who);
    }

    @Test
    void role_certNames_roundTrip() {
        assertThat(Role.COORDINATOR.certName()).isEqualTo("coordinator");
        assertThat(Role.CONSENT.certName()).isEqualTo("consent");
        assertThat(Role.NODE.certName()).isEqualTo("node");
        for (Role role : Role.values()) {
            assertThat(Role.fromCertName(role.certName())).isEqualTo(role);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NODE", "admin", "", "node "})
    void role_fromUnknownCertName_fails(String name) {
        assertThatThrownBy(() -> Role.fromCertName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown participant role");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "Hospital", "a_b", "a.b", "../x", "a b"})
    void participantIdentity_invalidName_fails(String name) {
        assertThatThrownBy(() -> new ParticipantIdentity(Role.NODE, name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void participantIdentity_nameOf63Chars_acceptedAnd64Refused() {
        assertThat(new ParticipantIdentity(Role.NODE, "a".repeat(63)).name()).hasSize(63);
        assertThatThrownBy(() -> new ParticipantIdentity(Role.NODE, "a".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void of_certificateWithoutOu_failsClearly() throws Exception {
        X509Certificate cert = selfSigned("CN=hospital-a,O=demo");
        assertThatThrownBy(() -> PeerIdentity.of(cert)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no OU");
    }

    @Test
    void of_certificateWithoutCn_failsClearly() throws Exception {
        X509Certificate cert = selfSigned("OU=node,O=demo");
        assertThatThrownBy(() -> PeerIdentity.of(cert)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no CN");
    }

    @Test
    void of_certificateWithUnknownRole_failsClearly() throws Exception {
        X509Certificate cert = selfSigned("CN=eve,OU=admin,O=demo");
        assertThatThrownBy(() -> PeerIdentity.of(cert)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown participant role 'admin'");
    }

    @Test
    void of_certificateWithTwoCns_failsClearly() throws Exception {
        X509Certificate cert = selfSigned("CN=a,CN=b,OU=node,O=demo");
        assertThatThrownBy(() -> PeerIdentity.of(cert)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one CN");
    }

    private static X509Certificate selfSigned(String dn) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name(dn);
        Instant now = Instant.now();
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
