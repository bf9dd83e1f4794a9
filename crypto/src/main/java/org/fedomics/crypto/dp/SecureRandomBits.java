package org.fedomics.crypto.dp;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} every bit of which comes from a {@link SecureRandom}, read in blocks:
 * noise for a million parameters would otherwise cost a synchronized call into the secure
 * source per value. The JDK's generic algorithms on top of {@code nextLong} (bounded integers
 * without modulo bias, the ziggurat Gaussian of {@code RandomGenerator.nextGaussian}) are
 * used as they are; {@link SecureRandom}'s own {@code nextGaussian} is the legacy polar method
 * at 32 bits per call. Not thread-safe: one per thread.
 */
final class SecureRandomBits implements RandomGenerator {
    private static final int BLOCK_BYTES = 4096;
    private final SecureRandom source;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK_BYTES);

    SecureRandomBits(SecureRandom source) {
        if (source == null) {
            throw new IllegalArgumentException("a SecureRandom is required");
        }
        this.source = source;
        block.position(BLOCK_BYTES);
    }

    @Override
    public long nextLong() {
        if (block.remaining() < Long.BYTES) {
            source.nextBytes(block.array());
            block.clear();
        }
        return block.getLong();
    }
}
