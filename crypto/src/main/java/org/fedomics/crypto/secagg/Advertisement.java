package org.fedomics.crypto.secagg;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.PeerIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.Es256Signatures;

/**
 * Stage 1: a node's two X25519 public keys (c for share encryption, s for masks), bound to the
 * session's config digest and signed ES256 (P1363) with the node's consortium key; it carries
 * the node certificate so every peer can check it against the consortium CA.
 *
 * <pre>
 * "SAad" u8 version | string node | 32 config digest | 32 c key | 32 s key | bytes certificate (DER)
 * | 64 signature over everything before it
 * </pre>
 */
final class Advertisement {

    private static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
    private static final String SIGNATURE = "SHA256withECDSAinP1363Format";

    private final String node;
    private final byte[] encryptionKey;
    private final byte[] maskKey;
    private final byte[] encoded;

    private Advertisement(String node, byte[] encryptionKey, byte[] maskKey, byte[] encoded) {
        this.node = node;
        this.encryptionKey = encryptionKey;
        this.maskKey = maskKey;
        this.encoded = encoded;
    }

    String node() {
        return node;
    }

    byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    byte[] maskKey() {
        return maskKey.clone();
    }

    byte[] encoded() {
        return encoded.clone();
    }

    boolean sameBytes(byte[] other) {
        return Arrays.equals(encoded, other);
    }

    static byte[] sign(SecAggConfig config, String node, byte[] encryptionKey, byte[] maskKey,
                       X509Certificate certificate, PrivateKey signingKey, SecureRandom random) {
        try {
            WireWriter writer = WireWriter.message(MessageKind.ADVERTISEMENT, 1024)
                    .string(node).raw(config.digest()).raw(encryptionKey).raw(maskKey).bytes(certificate.getEncoded());
            byte[] signed = writer.toByteArray();
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(signingKey, random);
            signer.update(signed);
            return writer.raw(signer.sign()).toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the key advertisement of " + node, e);
        }
    }

    /**
     * Parses and checks an advertisement: format, config digest, a certificate issued by the
     * consortium CA, valid at {@code now}, of role node and naming the advertised node, which must
     * be on the roster; the signature by that certificate's key; and both public keys.
     */
    static Advertisement verify(byte[] message, SecAggConfig config, X509Certificate consortiumCa, Instant now)
            throws Malformed {
        WireReader reader = WireReader.open(message, MessageKind.ADVERTISEMENT);
        String node = reader.string("node", 63);
        byte[] digest = reader.raw(32, "config digest");
        byte[] encryptionKey = reader.raw(X25519.KEY_BYTES, "encryption key");
        byte[] maskKey = reader.raw(X25519.KEY_BYTES, "mask key");
        byte[] certificateBytes = reader.bytes("certificate", MAX_CERTIFICATE_BYTES);
        int signedLength = message.length - Es256Signatures.SIGNATURE_BYTES;
        byte[] signature = reader.raw(Es256Signatures.SIGNATURE_BYTES, "signature");
        reader.end();

        if (config.indexOf(node) < 0) {
            throw new Malformed("advertisement names '" + node + "', who is not on the roster");
        }
        if (!Arrays.equals(digest, config.digest())) {
            throw new Malformed("advertisement of " + node + " belongs to another session (config digest differs)");
        }
        X509Certificate certificate = certificate(certificateBytes, node);
        try {
            certificate.verify(consortiumCa.getPublicKey());
            certificate.checkValidity(Date.from(now));
        } catch (GeneralSecurityException e) {
            throw new Malformed("certificate of " + node + " is not a valid consortium certificate: " + e.getMessage());
        }
        ParticipantIdentity identity;
        try {
            identity = PeerIdentity.of(certificate);
        } catch (IllegalArgumentException e) {
            throw new Malformed("certificate of " + node + " carries no consortium identity: " + e.getMessage());
        }
        if (identity.role() != Role.NODE || !identity.name().equals(node)) {
            throw new Malformed("certificate names " + identity.role().certName() + " '" + identity.name()
                    + "', not node '" + node + "'");
        }
        if (!(certificate.getPublicKey() instanceof ECPublicKey signingKey)
                || !Es256Signatures.verifyP1363(signingKey, Arrays.copyOf(message, signedLength), signature)) {
            throw new Malformed("signature of " + node + " does not verify");
        }
        String encryptionProblem = X25519.rejectReason(encryptionKey);
        if (encryptionProblem != null) {
            throw new Malformed("encryption key of " + node + " " + encryptionProblem);
        }
        String maskProblem = X25519.rejectReason(maskKey);
        if (maskProblem != null) {
            throw new Malformed("mask key of " + node + " " + maskProblem);
        }
        return new Advertisement(node, encryptionKey, maskKey, message.clone());
    }

    private static X509Certificate certificate(byte[] der, String node) throws Malformed {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            // the factory also reads PEM and ignores what follows the first certificate: insist on exact DER
            if (!Arrays.equals(certificate.getEncoded(), der)) {
                throw new Malformed("certificate of " + node + " is not exactly one DER certificate");
            }
        } catch (CertificateException | ClassCastException e) {
            throw new Malformed("certificate of " + node + " does not parse");
        }
        return certificate;
    }
}
