package org.fedomics.crypto.dp;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A SecureRandom that repeats its output for a given seed (SUN's SHA1PRNG seeded before first
 * use): reproducible statistics in tests, never for noise anyone relies on.
 */
final class InsecureSeededRandom {
    private InsecureSeededRandom() {
    }

    static SecureRandom of(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG", "SUN");
            random.setSeed(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
            return random;
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new IllegalStateException(e);
        }
    }
}
