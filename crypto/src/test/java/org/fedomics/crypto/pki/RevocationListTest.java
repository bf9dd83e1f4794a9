package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fedomics.crypto.aead.Passphrase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ConsortiumCa ca = ConsortiumCa.create("test", CLOCK);
    private final Credential node = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
    private final Credential other = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-b"), List.of(), Duration.ofDays(1));

    @Test
    void load_publishedPem_verifiesAndListsTheRevokedCertificateOnly() throws Exception {
        ca.revoke(node.certificate());
        Path file = dir.resolve("crl.pem");
        X509CRL published = ca.publishCrl(file);

        RevocationList list = RevocationList.load(file, ca.certificate());

        assertThat(Files.readString(file)).startsWith("-----BEGIN X509 CRL-----\n");
        assertThat(list.crl()).isEqualTo(published);
        assertThat(list.isRevoked(node.certificate())).isTrue();
        assertThat(list.isRevoked(other.certificate())).isFalse();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.thisUpdate()).isEqualTo(NOW);
        assertThat(list.nextUpdate()).isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void load_der_accepted() throws Exception {
        Path file = dir.resolve("crl.der");
        Files.write(file, ca.crl().getEncoded());

        assertThat(RevocationList.load(file, ca.certificate()).size()).isZero();
    }

    @Test
    void load_listOfAnotherCaWithTheSameName_refusedNamingTheFile() throws Exception {
        ConsortiumCa forger = ConsortiumCa.create("test", CLOCK);
        Path file = dir.resolve("crl.pem");
        forger.publishCrl(file);

        assertThatThrownBy(() -> RevocationList.load(file, ca.certificate()))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("revocation list " + file + " is not signed by the consortium CA");
    }

    @Test
    void load_listIssuedUnderAnotherName_refused() throws Exception {
        Path file = dir.resolve("crl.pem");
        ConsortiumCa.create("elsewhere", CLOCK).publishCrl(file);

        assertThatThrownBy(() -> RevocationList.load(file, ca.certificate()))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("revocation list " + file + " was issued by CN=elsewhere consortium CA,O=elsewhere");
    }

    @Test
    void load_garbageOrEmptyFile_refusedNamingTheFile() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN X509 CRL-----\nbm90IGEgQ1JM\n-----END X509 CRL-----\n");
        Path empty = Files.createFile(dir.resolve("empty.pem"));

        assertThatThrownBy(() -> RevocationList.load(garbage, ca.certificate()))
                .isInstanceOf(GeneralSecurityException.class).hasMessage("revocation list " + garbage + " is not a readable X.509 CRL");
        assertThatThrownBy(() -> RevocationList.load(empty, ca.certificate()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageStartingWith("revocation list " + empty + " is ");
    }

    @Test
    void load_missingFile_failsNamingIt() {
        Path missing = dir.resolve("nowhere.pem");

        assertThatThrownBy(() -> RevocationList.load(missing, ca.certificate()))
                .isInstanceOf(IOException.class).hasMessage("revocation list " + missing + " does not exist");
    }

    @Test
    void verify_withoutCrlNumberOrNextUpdate_refused() throws Exception {
        SelfSignedCa own = new SelfSignedCa();

        assertThat(RevocationList.verify(own.crl(BigInteger.ONE, true), own.certificate).number()).isEqualTo(BigInteger.ONE);
        assertThatThrownBy(() -> RevocationList.verify(own.crl(null, true), own.certificate))
                .isInstanceOf(GeneralSecurityException.class).hasMessageEndingWith("has no CRL number");
        assertThatThrownBy(() -> RevocationList.verify(own.crl(BigInteger.ONE, false), own.certificate))
                .isInstanceOf(GeneralSecurityException.class).hasMessageEndingWith("has no nextUpdate");
    }

    @Test
    void crlNumbers_growWithinAndAcrossRestartsOfTheCa() throws Exception {
        Path keystore = dir.resolve("ca.p12");
        Passphrase passphrase = Passphrase.of("pw".toCharArray());
        RevocationList first = RevocationList.verify(ca.crl(), ca.certificate());
        RevocationList second = RevocationList.verify(ca.crl(), ca.certificate());
        ca.save(keystore, passphrase);
        ConsortiumCa reloaded = ConsortiumCa.load(keystore, passphrase, CLOCK);
        RevocationList afterRestart = RevocationList.verify(reloaded.crl(), ca.certificate());

        assertThat(second.isNewerThan(first)).isTrue();
        assertThat(first.isNewerThan(second)).isFalse();
        assertThat(afterRestart.isNewerThan(second)).as("the clock has not moved, yet the restarted CA counts on").isTrue();
    }

    @Test
    void isOverdue_onlyAfterNextUpdate() throws Exception {
        RevocationList list = RevocationList.verify(ca.crl(), ca.certificate());

        assertThat(list.isOverdue(list.nextUpdate())).isFalse();
        assertThat(list.isOverdue(list.nextUpdate().plusSeconds(1))).isTrue();
    }

    /** A CA made with BouncyCastle directly, to sign CRLs that {@link ConsortiumCa} would never write. */
    private static final class SelfSignedCa {
        private final KeyPair keys;
        private final X509Certificate certificate;
        private final X500Name name = new X500Name("CN=hand-made CA");

        SelfSignedCa() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
            certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                    Date.from(NOW.minusSeconds(60)), Date.from(NOW.plus(Duration.ofDays(1))), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }

        X509CRL crl(BigInteger number, boolean withNextUpdate) throws Exception {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(name, Date.from(NOW));
            if (withNextUpdate) {
                builder.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(1))));
            }
            if (number != null) {
                builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            }
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }
    }
}
