package org.fedomics.crypto.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A certificate revocation list checked against the consortium CA: issued under the CA's name,
 * signed by its key, with no critical extension it does not understand, and carrying the CRL
 * number and nextUpdate that {@link ConsortiumCa} always writes (the number orders lists, so an
 * older one can be told from a newer one). Only {@link #load} and {@link #verify} create one, so
 * holding a {@code RevocationList} is proof of those checks.
 */
public final class RevocationList {

    private final X509CRL crl;
    private final BigInteger number;

    private RevocationList(X509CRL crl, BigInteger number) {
        this.crl = crl;
        this.number = number;
    }

    /**
     * Reads a CRL file (DER or PEM) and verifies it.
     *
     * @throws IOException naming the file if it is missing or unreadable
     * @throws GeneralSecurityException naming the file and what is wrong if it is malformed or not the CA's
     */
    public static RevocationList load(Path file, X509Certificate ca) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("revocation list " + file + " does not exist", e);
        }
        return parse(bytes, ca, "revocation list " + file);
    }

    /** As {@link #load}, for bytes already read; {@code source} names them in error messages. */
    static RevocationList parse(byte[] encoded, X509Certificate ca, String source) throws GeneralSecurityException {
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(encoded));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new GeneralSecurityException(source + " is not a readable X.509 CRL", e);
        }
        if (crl == null) {
            throw new GeneralSecurityException(source + " is empty");
        }
        return verify(crl, ca, source);
    }

    /** Verifies a CRL held in memory, e.g. one {@link ConsortiumCa#crl()} just signed. */
    public static RevocationList verify(X509CRL crl, X509Certificate ca) throws GeneralSecurityException {
        Objects.requireNonNull(crl, "crl");
        return verify(crl, ca, "CRL from " + crl.getIssuerX500Principal().getName());
    }

    private static RevocationList verify(X509CRL crl, X509Certificate ca, String source) throws GeneralSecurityException {
        Objects.requireNonNull(ca, "ca");
        if (!crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new GeneralSecurityException(source + " was issued by " + crl.getIssuerX500Principal().getName()
                    + ", not by the consortium CA " + ca.getSubjectX500Principal().getName());
        }
        try {
            crl.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new GeneralSecurityException(source + " is not signed by the consortium CA", e);
        }
        if (crl.hasUnsupportedCriticalExtension()) {
            throw new GeneralSecurityException(source + " has critical extensions " + crl.getCriticalExtensionOIDs()
                    + " this service does not understand");
        }
        if (crl.getNextUpdate() == null) {
            throw new GeneralSecurityException(source + " has no nextUpdate");
        }
        return new RevocationList(crl, crlNumber(crl, source));
    }

    private static BigInteger crlNumber(X509CRL crl, String source) throws GeneralSecurityException {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            throw new GeneralSecurityException(source + " has no CRL number");
        }
        try {
            BigInteger number = ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
            if (number.signum() < 0) {
                throw new GeneralSecurityException(source + " has a negative CRL number");
            }
            return number;
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(source + " has a malformed CRL number", e);
        }
    }

    /** The CRL number: a later list from the CA has a larger one. */
    public BigInteger number() {
        return number;
    }

    public Instant thisUpdate() {
        return crl.getThisUpdate().toInstant();
    }

    /** When the CA promised to publish the next list. */
    public Instant nextUpdate() {
        return crl.getNextUpdate().toInstant();
    }

    /** Whether {@code now} is past {@link #nextUpdate()}: a newer list should have been published. */
    public boolean isOverdue(Instant now) {
        return now.isAfter(nextUpdate());
    }

    /** Whether this list revokes {@code certificate} (issuer and serial number). */
    public boolean isRevoked(X509Certificate certificate) {
        return crl.isRevoked(certificate);
    }

    /** How many certificates the list revokes. */
    public int size() {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }

    /** Whether this list supersedes {@code other} (a larger CRL number). */
    public boolean isNewerThan(RevocationList other) {
        return number.compareTo(other.number) > 0;
    }

    /** The verified CRL, for TLS options. */
    public X509CRL crl() {
        return crl;
    }

    @Override
    public String toString() {
        return "RevocationList[number=" + number + ", revoked=" + size() + ", thisUpdate=" + thisUpdate()
                + ", nextUpdate=" + nextUpdate() + "]";
    }
}
