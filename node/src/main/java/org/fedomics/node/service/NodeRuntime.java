package org.fedomics.node.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.consent.web.ErrorResponses;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.crypto.aead.EncryptedFiles;
import org.fedomics.crypto.aead.MasterKeyStore;
import org.fedomics.crypto.pki.CrlReloader;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.MutualTlsServer;
import org.fedomics.crypto.pki.RevocationList;
import org.fedomics.node.dataset.DatasetVault;
import org.fedomics.node.dataset.LocalDataset;
import org.fedomics.node.dataset.PatientRegistry;
import org.fedomics.node.round.SnapshotCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hospital node, composed: its encrypted vault and patient registry, clients for the coordinator
 * and the consent service (both outbound, mutual TLS), its own HTTPS server for health, and the
 * agent that takes part in studies once a dataset is chosen. Server and clients follow the
 * consortium CRL file while the node runs.
 */
public final class NodeRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    private final Vertx vertx;
    private final NodeSettings settings;
    private final DatasetVault vault;
    private final PatientRegistry patients;
    private final CoordinatorClient coordinator;
    private final ConsentClient consent;
    private final SnapshotCheck snapshots;
    private final WebClient webClient;
    private final CrlReloader revocations;
    private MutualTlsServer server;
    private NodeAgent agent;

    private NodeRuntime(Vertx vertx, NodeSettings settings, DatasetVault vault, PatientRegistry patients, CrlReloader revocations,
                        Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.vault = vault;
        this.patients = patients;
        this.revocations = revocations;
        RevocationList inForce = revocations.current();
        this.webClient = WebClient.create(vertx, new WebClientOptions(MutualTls.clientOptions(settings.credential(), inForce)));
        // new connections to the coordinator and the consent service check their certificates against each new list
        revocations.subscribe(inForce, list -> webClient.updateSSLOptions(MutualTls.clientSslOptions(settings.credential(), list))
                .onFailure(e -> LOG.error("could not apply revocation list number {} to the node's clients", list.number(), e)));
        this.coordinator = new CoordinatorClient(new ApiClient(webClient, settings.coordinatorHost(), settings.coordinatorPort()));
        this.consent = new ConsentClient(new ApiClient(webClient, settings.consentHost(), settings.consentPort()));
        this.snapshots = new SnapshotCheck(settings.consentCertificate(), settings.name(), settings.snapshotMaxAge(), clock);
    }

    /** Opens (or on first start creates) the node's master keystore and vault, and starts its server. */
    public static Future<NodeRuntime> start(Vertx vertx, NodeSettings settings, Clock clock) {
        return CrlReloader.start(vertx, settings.crl(), settings.credential().caCertificate(), clock)
                .compose(revocations -> open(vertx, settings, revocations, clock)
                        .compose(runtime -> runtime.listen().map(runtime))
                        .onFailure(e -> revocations.stop()));
    }

    private static Future<NodeRuntime> open(Vertx vertx, NodeSettings settings, CrlReloader revocations, Clock clock) {
        return vertx.executeBlocking(() -> {
            Path keys = settings.dataDirectory().resolve("keys").resolve("master.p12");
            Files.createDirectories(keys.getParent());
            MasterKeyStore master = Files.exists(keys) ? MasterKeyStore.open(keys, settings.masterPassphrase())
                    : MasterKeyStore.create(keys, settings.masterPassphrase());
            EncryptedFiles files = new EncryptedFiles(master);
            DatasetVault vault = new DatasetVault(settings.dataDirectory().resolve("datasets"), settings.name(), files);
            PatientRegistry patients = PatientRegistry.open(settings.dataDirectory().resolve("patients.enc"), settings.name(), files);
            return new NodeRuntime(vertx, settings, vault, patients, revocations, clock);
        });
    }

    private Future<MutualTlsServer> listen() {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(Map.of("status", "UP",
                "node", settings.name(), "participating", agent != null)), 200));
        ErrorResponses.install(router);
        return MutualTlsServer.listen(vertx, settings.credential(), ClientAuth.REQUEST, revocations, router, settings.host(),
                settings.port()).onSuccess(s -> server = s);
    }

    public String name() {
        return settings.name();
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** The revocation list the node's server and clients check peers against now. */
    public RevocationList revocations() {
        return revocations.current();
    }

    public Path dataDirectory() {
        return settings.dataDirectory();
    }

    /** Validates and imports a dataset; it is written only encrypted. */
    public Future<LocalDataset> importDataset(String name, Path expressionFile, Path clinicalFile) {
        return vertx.executeBlocking(() -> vault.importCsv(name, expressionFile, clinicalFile));
    }

    /**
     * Enrolls every patient of a dataset not yet enrolled with the consent service and returns their
     * one-time enrollment codes, by sample id, for the hospital to hand out. The codes are not kept.
     */
    public Future<Map<String, EnrollmentBatch.Entry>> enrollPatients(String datasetName) {
        return vertx.executeBlocking(() -> vault.load(datasetName).expression().sampleIds().stream()
                        .filter(s -> !patients.isEnrolled(s)).toList())
                .compose(samples -> samples.isEmpty() ? Future.succeededFuture(Map.<String, EnrollmentBatch.Entry>of())
                        : consent.enroll(samples.size()).compose(batch -> vertx.executeBlocking(() -> {
                            Map<String, EnrollmentBatch.Entry> bySample = new LinkedHashMap<>();
                            Map<String, String> pseudonyms = new LinkedHashMap<>();
                            for (int i = 0; i < samples.size(); i++) {
                                bySample.put(samples.get(i), batch.enrollments().get(i));
                                pseudonyms.put(samples.get(i), batch.enrollments().get(i).pseudonym());
                            }
                            patients.enroll(pseudonyms);
                            return bySample;
                        })));
    }

    /** Starts taking part in studies with the named dataset. */
    public Future<NodeAgent> participate(String datasetName) {
        return vertx.executeBlocking(() -> vault.load(datasetName)).map(dataset -> {
            agent = new NodeAgent(vertx, settings.credential(), dataset, patients, settings.policy(), coordinator, consent, snapshots);
            agent.start();
            return agent;
        });
    }

    public NodeAgent agent() {
        return agent;
    }

    public Future<Void> stop() {
        if (agent != null) {
            agent.stop();
        }
        revocations.stop();
        webClient.close();
        return server == null ? Future.succeededFuture() : server.close();
    }
}
