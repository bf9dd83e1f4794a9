package org.fedomics.crypto.secagg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expands a 256-bit key into a mask vector with AES-256-CTR (zero IV: every key is used for one
 * stream only) and adds or subtracts it into an accumulator, without a per-element object.
 *
 * <p>Each element takes 4 keystream bytes when k is at most 32 and 8 bytes otherwise. The
 * accumulator works mod 2^64 and is reduced mod 2^k once at the end: since 2^k divides 2^64 this
 * is the same as adding each mask element reduced by bit-masking, which is uniform mod 2^k.
 */
final class MaskStream {

    private static final int CHUNK_BYTES = 32 * 1024;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] zeros = new byte[CHUNK_BYTES];
    private final byte[] keystream = new byte[CHUNK_BYTES];
    private final Cipher cipher;

    MaskStream() {
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    /** accumulator += mask(key) (or -= when {@code subtract}), element-wise mod 2^64. */
    void apply(long[] accumulator, byte[] key, boolean subtract, int modulusBits) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR key rejected", e);
        }
        int bytesPerElement = modulusBits <= Integer.SIZE ? Integer.BYTES : Long.BYTES;
        int perChunk = CHUNK_BYTES / bytesPerElement;
        for (int start = 0; start < accumulator.length; start += perChunk) {
            int count = Math.min(perChunk, accumulator.length - start);
            int bytes = count * bytesPerElement;
            try {
                cipher.update(zeros, 0, bytes, keystream, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR failed", e);
            }
            if (bytesPerElement == Integer.BYTES) {
                addInts(accumulator, start, count, subtract);
            } else {
                addLongs(accumulator, start, count, subtract);
            }
        }
    }

    private void addInts(long[] accumulator, int start, int count, boolean subtract) {
        byte[] ks = keystream;
        if (subtract) {
            for (int i = 0; i < count; i++) {
                accumulator[start + i] -= (int) INTS.get(ks, i << 2) & 0xFFFF_FFFFL;
            }
        } else {
            for (int i = 0; i < count; i++) {
                accumulator[start + i] += (int) INTS.get(ks, i << 2) & 0xFFFF_FFFFL;
            }
        }
    }

    private void addLongs(long[] accumulator, int start, int count, boolean subtract) {
        byte[] ks = keystream;
        if (subtract) {
            for (int i = 0; i < count; i++) {
                accumulator[start + i] -= (long) LONGS.get(ks, i << 3);
            }
        } else {
            for (int i = 0; i < count; i++) {
                accumulator[start + i] += (long) LONGS.get(ks, i << 3);
            }
        }
    }
}
