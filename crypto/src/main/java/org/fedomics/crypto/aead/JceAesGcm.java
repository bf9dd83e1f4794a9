package org.fedomics.crypto.aead;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM from the JDK as a Tink {@link com.google.crypto.tink.Aead}, used to wrap each
 * file's data keyset under a master key. Output: 12-byte random nonce || ciphertext || 16-byte tag.
 * Random nonces are safe here: a master key wraps one small keyset per file, far below the
 * 2^32 messages per key that NIST SP 800-38D allows with random 96-bit nonces.
 */
final class JceAesGcm implements com.google.crypto.tink.Aead {

    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    JceAesGcm(SecretKey key) {
        if (!"AES".equals(key.getAlgorithm()) || key.getEncoded() == null || key.getEncoded().length != 32) {
            throw new IllegalArgumentException("master key must be a 256-bit AES key");
        }
        this.key = key;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = seal(key, nonce, plaintext, associatedData);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
        if (ciphertext.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("ciphertext too short");
        }
        byte[] nonce = Arrays.copyOfRange(ciphertext, 0, NONCE_BYTES);
        byte[] body = Arrays.copyOfRange(ciphertext, NONCE_BYTES, ciphertext.length);
        return open(key, nonce, body, associatedData);
    }

    /** AES-GCM encryption with a 128-bit tag: ciphertext || tag. */
    static byte[] seal(SecretKey key, byte[] nonce, byte[] plaintext, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return cipher.doFinal(plaintext);
    }

    /** AES-GCM decryption of ciphertext || 128-bit tag; throws if the tag does not verify. */
    static byte[] open(SecretKey key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData)
            throws GeneralSecurityException {
        if (nonce.length == 0) {
            throw new GeneralSecurityException("empty nonce");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        if (associatedData != null) {
            cipher.updateAAD(associatedData);
        }
        return cipher.doFinal(ciphertextAndTag);
    }
}
