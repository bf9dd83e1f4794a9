package org.fedomics.consent.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import org.fedomics.consent.portal.PortalRoutes;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;

/**
 * The consent service's HTTPS server: the node and patient API and the patient portal. Client
 * certificates are requested, not required: nodes present theirs (checked per route), patients'
 * browsers have none and use tokens or the portal's session.
 */
public final class ConsentVerticle extends VerticleBase {
    private final String host;
    private final int port;
    private final Credential credential;
    private final ConsentRoutes api;
    private final PortalRoutes portal;
    private HttpServer server;

    public ConsentVerticle(String host, int port, Credential credential, ConsentRoutes api, PortalRoutes portal) {
        this.host = host;
        this.port = port;
        this.credential = credential;
        this.api = api;
        this.portal = portal;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // The portal first: its failure handler answers in HTML before the API's answers every path in JSON.
        portal.mount(vertx, router);
        api.mount(router);
        return vertx.createHttpServer(MutualTls.serverOptions(credential, ClientAuth.REQUEST, List.of()))
                .requestHandler(router)
                .listen(port, host)
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
