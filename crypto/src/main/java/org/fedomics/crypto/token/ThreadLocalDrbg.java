package org.fedomics.crypto.token;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** One JDK DRBG (NIST SP 800-90A, seeded by the system) per thread: secure randomness without a lock shared between threads. */
final class ThreadLocalDrbg {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(ThreadLocalDrbg::create);

    private ThreadLocalDrbg() {
    }

    static SecureRandom get() {
        return RANDOM.get();
    }

    private static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG is unavailable", e);
        }
    }
}
