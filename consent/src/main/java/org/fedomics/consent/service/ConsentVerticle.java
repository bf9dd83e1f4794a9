package org.fedomics.consent.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.ext.web.Router;
import java.time.Clock;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.CrlReloader;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTlsServer;

/**
 * The consent service's HTTPS server. Client certificates are requested, not required: nodes
 * present theirs (checked per route), patients' browsers have none and use tokens. Certificates
 * on the consortium CRL are refused; the CRL file is read at start (the service does not start
 * without a valid one) and again every check period while it runs.
 */
public final class ConsentVerticle extends VerticleBase {
    private final String host;
    private final int port;
    private final Credential credential;
    private final CrlFile crl;
    private final ConsentService service;
    private final PatientTokens tokens;
    private final Clock clock;
    private MutualTlsServer server;

    public ConsentVerticle(String host, int port, Credential credential, CrlFile crl, ConsentService service, PatientTokens tokens,
                           Clock clock) {
        this.host = host;
        this.port = port;
        this.credential = credential;
        this.crl = crl;
        this.service = service;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        Router router = new ConsentRoutes(service, tokens).mount(Router.router(vertx));
        return CrlReloader.start(vertx, crl, credential.caCertificate(), clock)
                .compose(revocations -> MutualTlsServer.listen(vertx, credential, ClientAuth.REQUEST, revocations, router, host, port))
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
