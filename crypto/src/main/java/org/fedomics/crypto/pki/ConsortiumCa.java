package org.fedomics.crypto.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.fedomics.crypto.PrivateFiles;
import org.fedomics.crypto.aead.Passphrase;

/**
 * The consortium's certificate authority: an EC P-256 key that issues one certificate per
 * participant (subject {@code CN=<name>, OU=<role>, O=<consortium>}) and publishes a signed CRL
 * ({@link #publishCrl}) that running services load and follow ({@link CrlReloader}).
 *
 * <p>Persistence: the CA key and certificate live in a PKCS#12 file; revocations live in a
 * sidecar file {@code <file>.crl} that is the CA's own signed CRL, so it cannot be edited
 * without the CA key (it is verified on load).
 */
public final class ConsortiumCa {

    private static final String ALIAS = "consortium-ca";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Pattern CONSORTIUM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** Certificates start slightly in the past so peers with a lagging clock still accept them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration CRL_VALIDITY = Duration.ofDays(7);

    private final String consortium;
    private final PrivateKey caKey;
    private final X509Certificate caCert;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Revoked serial numbers with their revocation time, in revocation order. */
    private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
    private long crlNumber;

    private ConsortiumCa(String consortium, PrivateKey caKey, X509Certificate caCert, Clock clock) {
        this.consortium = consortium;
        this.caKey = caKey;
        this.caCert = caCert;
        this.clock = clock;
    }

    /** Creates a new CA with a fresh P-256 key and a self-signed certificate valid for ten years. */
    public static ConsortiumCa create(String consortiumName, Clock clock) {
        Objects.requireNonNull(consortiumName, "consortiumName");
        Objects.requireNonNull(clock, "clock");
        if (!CONSORTIUM.matcher(consortiumName).matches()) {
            throw new IllegalArgumentException("consortium name '" + consortiumName
                    + "' must be 1-64 letters, digits, spaces, dots, underscores or hyphens");
        }
        try {
            KeyPair pair = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, consortiumName)
                    .addRDN(BCStyle.CN, consortiumName + " consortium CA")
                    .build();
            Instant now = clock.instant();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(new SecureRandom()),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = toCertificate(builder.build(signer(pair.getPrivate())));
            return new ConsortiumCa(consortiumName, pair.getPrivate(), cert, clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create consortium CA", e);
        }
    }

    /** The CA certificate every participant trusts. */
    public X509Certificate certificate() {
        return caCert;
    }

    /** The consortium name (the O of every subject). */
    public String consortiumName() {
        return consortium;
    }

    /**
     * Issues a certificate and a fresh P-256 key for a participant.
     *
     * @param hostNames DNS names and IP literals for the subject alternative name (may be empty for
     *     a pure client such as a node)
     */
    public synchronized Credential issue(ParticipantIdentity who, List<String> hostNames, Duration validity) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(hostNames, "hostNames");
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        try {
            KeyPair pair = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, consortium)
                    .addRDN(BCStyle.OU, who.role().certName())
                    .addRDN(BCStyle.CN, who.name())
                    .build();
            Instant now = clock.instant();
            Instant notAfter = now.plus(validity);
            if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
                throw new IllegalArgumentException("requested validity outlives the CA certificate");
            }
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            if (!hostNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hostNames));
            }
            X509Certificate cert = toCertificate(builder.build(signer(caKey)));
            return new Credential(pair.getPrivate(), cert, caCert);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate for " + who, e);
        }
    }

    /** Revokes a certificate this CA issued; it appears in every later {@link #crl()}. Idempotent. */
    public synchronized void revoke(X509Certificate cert) {
        Objects.requireNonNull(cert, "cert");
        try {
            cert.verify(caCert.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate " + cert.getSubjectX500Principal().getName()
                    + " was not issued by this CA", e);
        }
        revoked.putIfAbsent(cert.getSerialNumber(), clock.instant());
    }

    /** Whether the serial number of {@code cert} has been revoked by this CA. */
    public synchronized boolean isRevoked(X509Certificate cert) {
        return revoked.containsKey(cert.getSerialNumber());
    }

    /** A freshly signed CRL listing every revocation, valid for seven days. */
    public synchronized X509CRL crl() {
        try {
            Instant now = clock.instant();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            for (Map.Entry<BigInteger, Instant> entry : revoked.entrySet()) {
                builder.addCRLEntry(entry.getKey(), Date.from(entry.getValue()), CRLReason.unspecified);
            }
            // the signing time in milliseconds, or one more than the last number if the clock has not
            // moved: numbers grow across restarts of the CA, so a service can tell a newer list from an older one
            crlNumber = Math.max(crlNumber + 1, now.toEpochMilli());
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(caKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot sign CRL", e);
        }
    }

    /**
     * Publishes a freshly signed CRL (PEM) as the file services load at start and watch while they
     * run, replacing it atomically so a service never reads half a list.
     */
    public synchronized X509CRL publishCrl(Path file) throws IOException {
        X509CRL crl = crl();
        byte[] pem;
        try {
            pem = ("-----BEGIN X509 CRL-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(crl.getEncoded())
                    + "\n-----END X509 CRL-----\n").getBytes(StandardCharsets.US_ASCII);
        } catch (CRLException e) {
            throw new IllegalStateException("a CRL this CA signed cannot be encoded", e);
        }
        Path temp = PrivateFiles.createTempSibling(file);
        try {
            Files.write(temp, pem);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // a CRL is public: every service of the consortium reads it
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            PrivateFiles.publish(temp, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return crl;
    }

    /** Saves key and certificate to a PKCS#12 file and the revocations to {@code <file>.crl}, atomically. */
    public synchronized void save(Path pkcs12File, Passphrase passphrase) throws IOException {
        char[] password = passphrase.chars();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, caKey, password, new java.security.cert.Certificate[] {caCert});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            // sidecar first: a crash between the two writes leaves extra revocations, never fewer
            PrivateFiles.write(crlFile(pkcs12File), crl().getEncoded());
            PrivateFiles.write(pkcs12File, bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write CA keystore " + pkcs12File, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Loads a CA saved by {@link #save}; revocations come from the signed sidecar CRL, which must
     * verify under the CA key.
     */
    public static ConsortiumCa load(Path pkcs12File, Passphrase passphrase, Clock clock)
            throws IOException, GeneralSecurityException {
        Objects.requireNonNull(clock, "clock");
        KeyStore store = Credential.Keystores.load(pkcs12File, passphrase, "CA");
        char[] password = passphrase.chars();
        try {
            if (!store.isKeyEntry(ALIAS)) {
                throw new GeneralSecurityException("keystore " + pkcs12File + " holds no CA entry '" + ALIAS + "'");
            }
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
            X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
            X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
            String consortium = subject.getRDNs(BCStyle.O)[0].getFirst().getValue().toString();
            ConsortiumCa ca = new ConsortiumCa(consortium, key, cert, clock);
            ca.loadRevocations(crlFile(pkcs12File));
            return ca;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void loadRevocations(Path file) throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            return;
        }
        RevocationList stored = RevocationList.load(file, caCert);
        if (stored.crl().getRevokedCertificates() != null) {
            List<X509CRLEntry> entries = new ArrayList<>(stored.crl().getRevokedCertificates());
            entries.sort((a, b) -> a.getRevocationDate().compareTo(b.getRevocationDate()));
            for (X509CRLEntry entry : entries) {
                revoked.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant());
            }
        }
        crlNumber = stored.number().longValueExact();
    }

    static Path crlFile(Path pkcs12File) {
        return pkcs12File.resolveSibling(pkcs12File.getFileName() + ".crl");
    }

    private static GeneralNames subjectAltNames(List<String> hostNames) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostNames) {
            Objects.requireNonNull(host, "host name");
            if (IPAddress.isValid(host)) {
                names.add(new GeneralName(GeneralName.iPAddress, host));
            } else if (DNS_NAME.matcher(host).matches()) {
                names.add(new GeneralName(GeneralName.dNSName, host));
            } else {
                throw new IllegalArgumentException("'" + host + "' is neither a DNS name nor an IP address");
            }
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A random positive 127-bit serial (RFC 5280 allows up to 20 octets; randomness defeats collision attacks). */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(126);
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create " + SIGNATURE + " signer", e);
        }
    }

    private static X509Certificate toCertificate(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    @Override
    public String toString() {
        return "ConsortiumCa[" + caCert.getSubjectX500Principal().getName() + ", revoked=" + revoked.size() + "]";
    }
}
