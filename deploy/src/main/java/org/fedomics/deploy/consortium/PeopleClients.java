package org.fedomics.deploy.consortium;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.cert.X509Certificate;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.deploy.provision.ConsortiumProvisioner;

/**
 * HTTPS clients for people (patients, researchers): no client certificate, TLS 1.3, and only the
 * consortium CA trusted, so they talk to the consortium's own services and nothing else.
 */
public final class PeopleClients {
    private PeopleClients() {
    }

    public static WebClient create(Vertx vertx, X509Certificate consortiumCa) {
        WebClientOptions options = new WebClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setEnabledSecureTransportProtocols(MutualTls.PROTOCOLS)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ConsortiumProvisioner.pem(consortiumCa))));
        return WebClient.create(vertx, options);
    }
}
