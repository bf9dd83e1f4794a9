package org.fedomics.crypto.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA P-256 / SHA-256 signing and verification of IEEE P1363 (r || s, 64 bytes) signatures, as
 * used by JWS ES256. The JDK's SHA256withECDSAinP1363Format accepts some short signatures and
 * rejects some valid ones (Wycheproof), so this checks the length itself and verifies with
 * BouncyCastle's low-level {@link ECDSASigner}, which also requires 0 &lt; r, s &lt; n.
 *
 * <p>Signing uses the same low-level signer with deterministic nonces (RFC 6979) on one shared
 * curve instance: BouncyCastle caches its fixed-point table for the generator on that instance, so
 * a signature costs tens of microseconds. Through the JCA each signature builds a new curve and
 * recomputes the table, which made signing most of a consent snapshot's cost.
 */
public final class Es256Signatures {

    /** Exact length of an ES256 signature: two 32-byte big-endian integers. */
    public static final int SIGNATURE_BYTES = 64;

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(
            P256.getCurve(), P256.getG(), P256.getN(), P256.getH(), P256.getSeed());

    static {
        // BouncyCastle blinds every point normalization with its default random: by default a
        // NativePRNG per thread, and all of those share one lock in the JDK, which stalled
        // concurrent signers for up to 0.1 s on a busy machine. A DRBG of the JDK per thread has
        // no shared lock.
        CryptoServicesRegistrar.setSecureRandomProvider(ThreadLocalDrbg::get);
    }

    private Es256Signatures() {
    }

    /** True only if {@code signature} is exactly 64 bytes and a valid P-256 ECDSA signature of SHA-256(message). */
    public static boolean verifyP1363(ECPublicKey publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        ECPoint q;
        try {
            q = point(publicKey);
        } catch (GeneralSecurityException e) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(q, DOMAIN));
        return verifier.verifySignature(sha256(message), r, s);
    }

    /** The 64-byte P1363 signature of SHA-256({@code message}) with a P-256 private key, nonce per RFC 6979. */
    public static byte[] signP1363(SigningKey key, byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, key.parameters);
        BigInteger[] rs = signer.generateSignature(sha256(message));
        byte[] signature = new byte[SIGNATURE_BYTES];
        BigIntegers.asUnsignedByteArray(rs[0], signature, 0, 32);
        BigIntegers.asUnsignedByteArray(rs[1], signature, 32, 32);
        return signature;
    }

    /** A P-256 private key ready for {@link #signP1363}; its {@code toString} names no secret. */
    public static final class SigningKey {
        private final ECPrivateKeyParameters parameters;

        private SigningKey(ECPrivateKeyParameters parameters) {
            this.parameters = parameters;
        }

        /** Throws unless {@code key} is a P-256 private key with 0 &lt; d &lt; n. */
        public static SigningKey of(ECPrivateKey key) throws GeneralSecurityException {
            requireP256(key.getParams());
            BigInteger d = key.getS();
            if (d.signum() <= 0 || d.compareTo(P256.getN()) >= 0) {
                throw new GeneralSecurityException("not a valid P-256 private key");
            }
            return new SigningKey(new ECPrivateKeyParameters(d, DOMAIN));
        }

        @Override
        public String toString() {
            return "SigningKey[P-256]";
        }
    }

    /** Throws unless {@code key} is a valid point on P-256 (rejects other curves and invalid points). */
    public static void requireP256(ECPublicKey key) throws GeneralSecurityException {
        point(key);
    }

    private static ECPoint point(ECPublicKey key) throws GeneralSecurityException {
        requireP256(key.getParams());
        try {
            return P256.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("public key is not a valid P-256 point", e);
        }
    }

    private static void requireP256(ECParameterSpec params) throws GeneralSecurityException {
        if (params == null
                || !(params.getCurve().getField() instanceof ECFieldFp field)
                || !field.getP().equals(P256.getCurve().getField().getCharacteristic())
                || !params.getCurve().getA().equals(P256.getCurve().getA().toBigInteger())
                || !params.getCurve().getB().equals(P256.getCurve().getB().toBigInteger())
                || !params.getOrder().equals(P256.getN())
                || !params.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger())
                || !params.getGenerator().getAffineY().equals(P256.getG().getAffineYCoord().toBigInteger())) {
            throw new GeneralSecurityException("not a P-256 key");
        }
    }

    private static byte[] sha256(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
