package org.fedomics.node.service;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.node.governance.StewardPolicy;

/**
 * A hospital node's configuration.
 *
 * @param name                 the node's consortium name (as in its certificate)
 * @param host                 address of the node's own HTTPS server (health); default 127.0.0.1
 * @param port                 its port; 0 picks a free one
 * @param dataDirectory        where the node keeps its master keystore and encrypted datasets
 * @param credential           the node's consortium certificate and key (role node)
 * @param crl                  the consortium CRL file, loaded at start and checked again every period (default 30 s);
 *                             the node's server refuses client certificates it lists and its clients refuse server certificates
 * @param masterPassphrase     protects the master keystore; from an environment variable or a file, never the command line
 * @param coordinatorHost      the coordinator's address (the node dials out)
 * @param coordinatorPort      the coordinator's port
 * @param consentHost          the consent service's address
 * @param consentPort          the consent service's port
 * @param consentCertificate   the consent service's certificate, whose key signs consent snapshots
 * @param policy               the steward's policy (default: HMB and DS research, non-commercial, 10 records minimum)
 * @param snapshotMaxAge       the oldest consent snapshot a round may use (default 5 minutes)
 */
public record NodeSettings(String name, String host, int port, Path dataDirectory, Credential credential, CrlFile crl,
                           Passphrase masterPassphrase, String coordinatorHost, int coordinatorPort, String consentHost,
                           int consentPort, X509Certificate consentCertificate, StewardPolicy policy, Duration snapshotMaxAge) {
}
