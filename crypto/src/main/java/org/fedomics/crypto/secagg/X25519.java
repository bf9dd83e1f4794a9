package org.fedomics.crypto.secagg;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) from the JDK's {@code XDH} provider, on raw 32-byte little-endian keys.
 * Advertised public keys must be canonical (below 2^255 - 19) and not one of the five canonical
 * u-coordinates of points of small order; an all-zero shared secret is refused as well (the JDK
 * refuses it too: both checks stay, so neither depends on the other).
 */
final class X25519 {

    static final int KEY_BYTES = 32;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /**
     * The canonical u-coordinates of the points of order 1, 2, 4 and 8 (the blocklist libsodium
     * uses, without its non-canonical entries, which {@link #rejectReason} refuses anyway).
     */
    private static final Set<BigInteger> SMALL_ORDER = Set.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            P.subtract(BigInteger.ONE),
            new BigInteger("325606250916557431795983626356110631294008115727848805560023387167927233504"),
            new BigInteger("39382357235489614581723060781553021112529911719440698176882885853963445705823"));
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private X25519() {
    }

    /** A fresh key pair: the private scalar (32 bytes, as generated) and the public u-coordinate. */
    record KeyPairBytes(byte[] privateKey, byte[] publicKey) {
    }

    static KeyPairBytes generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar()
                    .orElseThrow(() -> new IllegalStateException("X25519 private key has no scalar"));
            return new KeyPairBytes(scalar, encode(((XECPublicKey) pair.getPublic()).getU()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /** The public key of a private scalar: X25519(k, 9). */
    static byte[] publicKey(byte[] privateKey) throws InvalidKeyException {
        return agreeUnchecked(privateKey, BASE_POINT);
    }

    /**
     * Why an advertised public key is unacceptable, or null if it is a canonical encoding of a
     * point that is not of small order.
     */
    static String rejectReason(byte[] publicKey) {
        if (publicKey.length != KEY_BYTES) {
            return "is " + publicKey.length + " bytes, not " + KEY_BYTES;
        }
        BigInteger u = decode(publicKey);
        if (u.compareTo(P) >= 0) {
            return "is not a canonical X25519 encoding";
        }
        if (SMALL_ORDER.contains(u)) {
            return "is a point of small order";
        }
        return null;
    }

    /**
     * The shared secret X25519(privateKey, publicKey).
     *
     * @throws InvalidKeyException if the secret is all zero (a small-order peer key) or a key is unusable
     */
    static byte[] agree(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
        if (publicKey.length != KEY_BYTES) {
            throw new InvalidKeyException("public key is not 32 bytes");
        }
        // RFC 7748 section 5: the most significant bit of the u-coordinate is ignored
        byte[] masked = publicKey.clone();
        masked[KEY_BYTES - 1] &= 0x7F;
        return agreeUnchecked(privateKey, decode(masked));
    }

    private static byte[] agreeUnchecked(byte[] privateKey, BigInteger u) throws InvalidKeyException {
        if (privateKey.length != KEY_BYTES) {
            throw new InvalidKeyException("private key is not 32 bytes");
        }
        byte[] secret;
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
            PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            secret = agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("X25519 key agreement failed", e);
        } catch (IllegalStateException e) {
            // some providers report the all-zero secret this way
            throw new InvalidKeyException("X25519 key agreement failed", e);
        }
        if (isAllZero(secret)) {
            throw new InvalidKeyException("all-zero shared secret");
        }
        return secret;
    }

    static boolean isAllZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }

    /** Little-endian 32 bytes to an integer. */
    static BigInteger decode(byte[] littleEndian) {
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < littleEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** An integer below 2^256 to little-endian 32 bytes. */
    static byte[] encode(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    /** Wipes a secret held in an array (best effort: the JDK keeps its own copies). */
    static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
