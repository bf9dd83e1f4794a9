package org.fedomics.consent.account;

/**
 * The work factors of an Argon2id passphrase hash. Stored with every hash, so raising them later
 * leaves older hashes verifiable.
 *
 * @param memoryKiB   memory per hash in KiB
 * @param iterations  passes over that memory
 * @param parallelism lanes
 */
public record Argon2idCost(int memoryKiB, int iterations, int parallelism) {
    /** OWASP Password Storage Cheat Sheet's first recommendation: 19 MiB, 2 passes, 1 lane. */
    public static final Argon2idCost OWASP = new Argon2idCost(19 * 1024, 2, 1);
    /** Limits on what a stored hash may ask for, so a corrupted row cannot make one check take minutes. */
    static final int MAX_MEMORY_KIB = 1024 * 1024;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    public Argon2idCost {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM + ", was " + parallelism);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memoryKiB must be " + 8 * parallelism + ".." + MAX_MEMORY_KIB + ", was " + memoryKiB);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS + ", was " + iterations);
        }
    }
}
