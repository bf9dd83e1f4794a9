package org.fedomics.consent.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.ext.web.Router;
import java.time.Clock;
import org.fedomics.consent.portal.PortalRoutes;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.CrlReloader;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTlsServer;

/**
 * The consent service's HTTPS server: the node and patient API and the patient portal. Client
 * certificates are requested, not required: nodes present theirs (checked per route), patients'
 * browsers have none and use tokens or the portal's session. Certificates on the consortium CRL
 * are refused; the CRL file is read at start (the service does not start without a valid one) and
 * again every check period while it runs.
 */
public final class ConsentVerticle extends VerticleBase {
    private final String host;
    private final int port;
    private final Credential credential;
    private final CrlFile crl;
    private final ConsentRoutes api;
    private final PortalRoutes portal;
    private final Clock clock;
    private MutualTlsServer server;

    public ConsentVerticle(String host, int port, Credential credential, CrlFile crl, ConsentRoutes api, PortalRoutes portal,
                           Clock clock) {
        this.host = host;
        this.port = port;
        this.credential = credential;
        this.crl = crl;
        this.api = api;
        this.portal = portal;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // The portal first: its failure handler answers in HTML before the API's answers every path in JSON.
        portal.mount(vertx, router);
        return api.mount(vertx, router)
                .compose(mounted -> CrlReloader.start(vertx, crl, credential.caCertificate(), clock))
                .compose(revocations -> MutualTlsServer.listen(vertx, credential, ClientAuth.REQUEST, revocations, router, host, port))
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
