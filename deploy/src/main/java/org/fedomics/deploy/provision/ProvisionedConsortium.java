package org.fedomics.deploy.provision;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.Credential;

/**
 * A consortium's identities as provisioned into a directory: one credential per participant, and
 * the file where the CA publishes its CRL.
 */
public record ProvisionedConsortium(Path directory, X509Certificate caCertificate, Path crlFile, Credential consent,
                                    Credential coordinator, Map<String, Credential> nodes,
                                    Map<String, Passphrase> nodeMasterPassphrases) {
    public ProvisionedConsortium {
        nodes = Map.copyOf(nodes);
        nodeMasterPassphrases = Map.copyOf(nodeMasterPassphrases);
    }
}
