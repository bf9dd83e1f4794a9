package org.fedomics.deploy.consortium;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fedomics.coordinator.service.RoundGate;
import org.fedomics.crypto.pki.CrlFile;

/**
 * How to run a consortium on this machine.
 *
 * @param workDirectory    where identities, keystores and databases are written
 * @param hospitals        node names, e.g. hospital-a
 * @param consentPort      the consent service's port (0: a free port)
 * @param coordinatorPort  the coordinator's port (0: a free port)
 * @param roundDeadline    how long a round waits for updates
 * @param gate             holds rounds back until something is ready (the demo's revocation)
 * @param crlCheckPeriod   how often each running service reads the consortium CRL file again (default 30 s)
 */
public record ConsortiumOptions(Path workDirectory, List<String> hospitals, int consentPort, int coordinatorPort,
                                Duration roundDeadline, RoundGate gate, Duration crlCheckPeriod) {
    public ConsortiumOptions {
        hospitals = List.copyOf(hospitals);
        if (hospitals.isEmpty()) {
            throw new IllegalArgumentException("a consortium needs at least one hospital");
        }
        if (crlCheckPeriod.toMillis() < 1) {
            throw new IllegalArgumentException("crlCheckPeriod must be at least 1 ms, got " + crlCheckPeriod);
        }
    }

    /** Options with the default CRL check period. */
    public ConsortiumOptions(Path workDirectory, List<String> hospitals, int consentPort, int coordinatorPort,
                             Duration roundDeadline, RoundGate gate) {
        this(workDirectory, hospitals, consentPort, coordinatorPort, roundDeadline, gate, CrlFile.DEFAULT_CHECK_PERIOD);
    }
}
