package org.fedomics.crypto.dp;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Poisson subsampling: each of n records joins a batch independently with probability q, so the
 * batch size itself is random. The privacy amplification the accountant counts on holds only if
 * nobody can predict the batches, so the choices come from a {@link SecureRandom}, never from a
 * seed a study publishes. Not thread-safe: one instance per thread.
 */
public final class PoissonSampling {
    private final SecureRandomBits random;

    public PoissonSampling(SecureRandom random) {
        this.random = new SecureRandomBits(random);
    }

    /** The indices, in increasing order, of the records of {@code 0..population-1} that join this batch. */
    public int[] sample(int population, double samplingRate) {
        if (population < 0) {
            throw new IllegalArgumentException("population must be >= 0, got " + population);
        }
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate q must be in [0, 1], got " + samplingRate);
        }
        int[] chosen = new int[population];
        int count = 0;
        for (int i = 0; i < population; i++) {
            // nextDouble is uniform on the 2^53 multiples of 2^-53 in [0, 1): P(u < q) = q to within 2^-53
            if (random.nextDouble() < samplingRate) {
                chosen[count++] = i;
            }
        }
        return Arrays.copyOf(chosen, count);
    }
}
