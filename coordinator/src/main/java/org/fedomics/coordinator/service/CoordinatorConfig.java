package org.fedomics.coordinator.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.fedomics.consent.web.BearerAuth;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.Credential;

/**
 * The coordinator's configuration.
 *
 * @param host           address to listen on (default 127.0.0.1)
 * @param port           port to listen on; 0 picks a free one
 * @param credential     the coordinator's consortium certificate and key (role coordinator)
 * @param crl            the consortium CRL file, loaded at start and checked again every period (default 30 s)
 * @param nodes          the consortium's node names; every study is offered to each of them
 * @param roundDeadline  how long a round waits for the nodes' training and key advertisements before going on with
 *                       those received (default 120 s)
 * @param stageDeadline  how long each later stage of secure aggregation waits for answers (default 30 s)
 * @param researchers    how researchers' bearer tokens are checked
 * @param softwareVersion written into every release's provenance
 */
public record CoordinatorConfig(String host, int port, Credential credential, CrlFile crl, Set<String> nodes, Duration roundDeadline,
                                Duration stageDeadline, BearerAuth researchers, String softwareVersion) {
    public CoordinatorConfig {
        Objects.requireNonNull(crl, "crl");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the consortium needs at least one node");
        }
        if (roundDeadline.isNegative() || roundDeadline.isZero() || stageDeadline.isNegative() || stageDeadline.isZero()) {
            throw new IllegalArgumentException("roundDeadline and stageDeadline must be positive");
        }
        nodes = Set.copyOf(nodes);
    }
}
