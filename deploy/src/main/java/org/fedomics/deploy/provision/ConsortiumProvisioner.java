package org.fedomics.deploy.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.crypto.PrivateFiles;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;

/**
 * Creates a consortium's certificate authority and one identity per participant, each written as
 * a PKCS#12 file with its passphrase in a separate owner-only file, so a participant's directory
 * is all it needs to start, with the consortium CRL ({@code pki/crl.pem}, the CA's signed list of
 * revoked certificates, empty at first) that every service loads at start and watches while it runs:
 * <pre>
 * DIR/pki/ca.p12, ca.passphrase, ca.pem, crl.pem
 * DIR/consent/identity.p12, identity.passphrase
 * DIR/coordinator/identity.p12, identity.passphrase
 * DIR/NODE/identity.p12, identity.passphrase, master.passphrase
 * </pre>
 */
public final class ConsortiumProvisioner {
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost");
    /** The published CRL, next to the CA in {@code DIR/pki}. */
    public static final String CRL_FILE = "crl.pem";
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    public ConsortiumProvisioner(Clock clock) {
        this.clock = clock;
    }

    public ProvisionedConsortium provision(Path directory, String consortiumName, List<String> nodeNames, List<String> hostNames)
            throws IOException {
        ConsortiumCa ca = ConsortiumCa.create(consortiumName, clock);
        Path pki = Files.createDirectories(directory.resolve("pki"));
        ca.save(pki.resolve("ca.p12"), newPassphrase(pki.resolve("ca.passphrase")));
        Files.writeString(pki.resolve("ca.pem"), pem(ca.certificate()), StandardCharsets.US_ASCII);
        Path crl = pki.resolve(CRL_FILE);
        ca.publishCrl(crl);
        List<String> hosts = hostNames.isEmpty() ? LOOPBACK : hostNames;
        Credential consent = issue(ca, directory, new ParticipantIdentity(Role.CONSENT, "consent"), hosts);
        Credential coordinator = issue(ca, directory, new ParticipantIdentity(Role.COORDINATOR, "coordinator"), hosts);
        Map<String, Credential> nodes = new LinkedHashMap<>();
        Map<String, Passphrase> masters = new LinkedHashMap<>();
        for (String name : nodeNames) {
            nodes.put(name, issue(ca, directory, new ParticipantIdentity(Role.NODE, name), hosts));
            masters.put(name, newPassphrase(directory.resolve(name).resolve("master.passphrase")));
        }
        return new ProvisionedConsortium(directory, ca.certificate(), crl, consent, coordinator, nodes, masters);
    }

    private Credential issue(ConsortiumCa ca, Path directory, ParticipantIdentity who, List<String> hosts) throws IOException {
        Path home = Files.createDirectories(directory.resolve(who.name()));
        Credential credential = ca.issue(who, hosts, VALIDITY);
        credential.writePkcs12(home.resolve("identity.p12"), newPassphrase(home.resolve("identity.passphrase")));
        return credential;
    }

    private Passphrase newPassphrase(Path file) throws IOException {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(file.getParent());
        PrivateFiles.write(file, text.getBytes(StandardCharsets.US_ASCII));
        return Passphrase.of(text.toCharArray());
    }

    public static String pem(java.security.cert.X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a certificate we issued cannot be encoded", e);
        }
    }
}
