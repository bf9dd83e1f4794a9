package org.fedomics.coordinator.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import org.fedomics.coordinator.aggregation.FedAvg;
import org.fedomics.coordinator.release.ReleaseSigner;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.token.ArtifactSigner;

/**
 * The coordinator's HTTPS server. Client certificates are requested, not required: nodes present
 * theirs (checked per route), researchers come with bearer tokens.
 */
public final class CoordinatorVerticle extends VerticleBase {
    private final CoordinatorConfig config;
    private final RoundGate gate;
    private final Clock clock;
    private HttpServer server;

    public CoordinatorVerticle(CoordinatorConfig config, RoundGate gate, Clock clock) {
        this.config = config;
        this.gate = gate;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        var signer = new ReleaseSigner(new ArtifactSigner(config.credential()), clock, config.softwareVersion());
        var service = new CoordinatorService(vertx, config.nodes(), config.credential().caCertificate(), new FedAvg(), signer, gate,
                clock, config.roundDeadline(), config.stageDeadline());
        vertx.setPeriodic(1000, id -> service.closeExpiredStages());
        Router router = new CoordinatorRoutes(service, config.researchers()).mount(Router.router(vertx));
        return vertx.createHttpServer(MutualTls.serverOptions(config.credential(), ClientAuth.REQUEST, List.of()))
                .requestHandler(router)
                .listen(config.port(), config.host())
                .onSuccess(s -> server = s);
    }

    /** The port the server listens on (useful when configured with port 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
