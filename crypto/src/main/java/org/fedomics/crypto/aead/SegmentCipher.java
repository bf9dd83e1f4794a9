package org.fedomics.crypto.aead;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.Hkdf;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decryption of the segments of one Tink AES-GCM-HKDF stream with {@link AesGcmProvider}'s AES-GCM, as Tink's
 * {@code AesGcmHkdfStreaming} specifies it: the segment key is HKDF-SHA256 of the data key with
 * the stream header's salt and the stream's associated data as info; segment {@code i} uses the
 * nonce {@code prefix (7 bytes) || i (4 bytes, big-endian) || 1 if last else 0} and no associated
 * data, with a 16-byte tag. Unlike Tink's decrypting streams, which pass every segment through
 * several ByteBuffers, this decrypts from and into arrays the caller reuses (the fastest AES-GCM
 * path of both the JDK and the Amazon Corretto Crypto Provider, which has no other fast path).
 *
 * <p>Immutable and safe to share between threads; each thread brings its own {@link Cipher}.
 */
final class SegmentCipher {

    private static final int NONCE_PREFIX_BYTES = 7;
    private static final int NONCE_BYTES = 12;

    private final SecretKeySpec segmentKey;
    private final byte[] noncePrefix;

    private SegmentCipher(SecretKeySpec segmentKey, byte[] noncePrefix) {
        this.segmentKey = segmentKey;
        this.noncePrefix = noncePrefix;
    }

    /** The parameters of a data keyset this class can decrypt: exactly one AES-GCM-HKDF streaming key, HKDF-SHA256. */
    static AesGcmHkdfStreamingParameters parameters(KeysetHandle dataKey) throws GeneralSecurityException {
        return streamingKey(dataKey).getParameters();
    }

    /** Bytes of Tink's stream header for these parameters: length byte, salt, nonce prefix. */
    static int headerLength(AesGcmHkdfStreamingParameters parameters) {
        return 1 + parameters.getDerivedAesGcmKeySizeBytes() + NONCE_PREFIX_BYTES;
    }

    /**
     * The segment key and nonce prefix of one stream.
     *
     * @param streamHeader exactly {@link #headerLength} bytes read from the start of the stream
     * @throws GeneralSecurityException if the header's length byte is wrong (a misaligned or corrupt stream)
     */
    @AccessesPartialKey
    static SegmentCipher forStream(KeysetHandle dataKey, byte[] streamHeader, byte[] associatedData)
            throws GeneralSecurityException {
        AesGcmHkdfStreamingKey key = streamingKey(dataKey);
        int derivedKeyBytes = key.getParameters().getDerivedAesGcmKeySizeBytes();
        int headerLength = headerLength(key.getParameters());
        if (streamHeader.length != headerLength || (streamHeader[0] & 0xff) != headerLength) {
            throw new GeneralSecurityException("invalid stream header");
        }
        byte[] salt = Arrays.copyOfRange(streamHeader, 1, 1 + derivedKeyBytes);
        byte[] noncePrefix = Arrays.copyOfRange(streamHeader, 1 + derivedKeyBytes, headerLength);
        byte[] keyMaterial = key.getInitialKeyMaterial().toByteArray(InsecureSecretKeyAccess.get());
        byte[] derived = Hkdf.computeHkdf("HMACSHA256", keyMaterial, salt, associatedData, derivedKeyBytes);
        try {
            return new SegmentCipher(new SecretKeySpec(derived, "AES"), noncePrefix);
        } finally {
            Arrays.fill(keyMaterial, (byte) 0);
            Arrays.fill(derived, (byte) 0);
        }
    }

    /** A cipher for {@link #decrypt}; one per thread. */
    static Cipher newCipher() throws GeneralSecurityException {
        return AesGcmProvider.newCipher();
    }

    /**
     * Decrypts segment {@code index} of {@code ciphertext[0, length)} (ciphertext || tag) into
     * {@code plaintext} and returns the plaintext length. On a tag mismatch it throws and
     * {@code plaintext} holds nothing of the segment (zeroed).
     */
    int decrypt(Cipher cipher, int index, boolean last, byte[] ciphertext, int length, byte[] plaintext)
            throws GeneralSecurityException {
        byte[] nonce = Arrays.copyOf(noncePrefix, NONCE_BYTES);
        nonce[NONCE_PREFIX_BYTES] = (byte) (index >>> 24);
        nonce[NONCE_PREFIX_BYTES + 1] = (byte) (index >>> 16);
        nonce[NONCE_PREFIX_BYTES + 2] = (byte) (index >>> 8);
        nonce[NONCE_PREFIX_BYTES + 3] = (byte) index;
        nonce[NONCE_PREFIX_BYTES + 4] = (byte) (last ? 1 : 0);
        cipher.init(Cipher.DECRYPT_MODE, segmentKey, new GCMParameterSpec(8 * SegmentLayout.TAG_BYTES, nonce));
        try {
            return cipher.doFinal(ciphertext, 0, length, plaintext, 0);
        } catch (GeneralSecurityException | RuntimeException e) {
            // the provider may have written unauthenticated bytes before checking the tag
            Arrays.fill(plaintext, (byte) 0);
            throw e;
        }
    }

    private static AesGcmHkdfStreamingKey streamingKey(KeysetHandle dataKey) throws GeneralSecurityException {
        if (dataKey.size() != 1 || !(dataKey.getPrimary().getKey() instanceof AesGcmHkdfStreamingKey key)) {
            throw new GeneralSecurityException("data key is not a single AES-GCM-HKDF streaming key");
        }
        if (!AesGcmHkdfStreamingParameters.HashType.SHA256.equals(key.getParameters().getHkdfHashType())) {
            throw new GeneralSecurityException("data key uses HKDF with " + key.getParameters().getHkdfHashType()
                    + ", only SHA256 is supported");
        }
        return key;
    }
}
