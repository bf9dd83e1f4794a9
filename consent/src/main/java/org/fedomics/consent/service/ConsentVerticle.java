package org.fedomics.consent.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;

/**
 * The consent service's HTTPS server. Client certificates are requested, not required: nodes
 * present theirs (checked per route), patients' browsers have none and use tokens.
 */
public final class ConsentVerticle extends VerticleBase {
    private final String host;
    private final int port;
    private final Credential credential;
    private final ConsentService service;
    private final LedgerService ledger;
    private final PatientTokens tokens;
    private HttpServer server;

    public ConsentVerticle(String host, int port, Credential credential, ConsentService service, LedgerService ledger,
                           PatientTokens tokens) {
        this.host = host;
        this.port = port;
        this.credential = credential;
        this.service = service;
        this.ledger = ledger;
        this.tokens = tokens;
    }

    @Override
    public Future<?> start() {
        Router router = new ConsentRoutes(service, ledger, tokens).mount(Router.router(vertx));
        return vertx.createHttpServer(MutualTls.serverOptions(credential, ClientAuth.REQUEST, List.of()))
                .requestHandler(router)
                .listen(port, host)
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
