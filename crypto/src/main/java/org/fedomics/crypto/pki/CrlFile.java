package org.fedomics.crypto.pki;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a service finds the consortium's published CRL, and how often it looks for a new one
 * while running.
 *
 * @param path        the CRL file (PEM or DER) the consortium CA publishes; provisioning writes {@code pki/crl.pem}
 * @param checkPeriod how often a running service reads the file again (default 30 s)
 */
public record CrlFile(Path path, Duration checkPeriod) {

    public static final Duration DEFAULT_CHECK_PERIOD = Duration.ofSeconds(30);

    public CrlFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(checkPeriod, "checkPeriod");
        if (checkPeriod.toMillis() < 1) {
            throw new IllegalArgumentException("CRL check period must be at least 1 ms, got " + checkPeriod);
        }
    }

    /** The file, checked every {@link #DEFAULT_CHECK_PERIOD}. */
    public static CrlFile of(Path path) {
        return new CrlFile(path, DEFAULT_CHECK_PERIOD);
    }
}
