package org.fedomics.deploy.consortium;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.policy.ConsentPolicy;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.account.Argon2idPassphrases;
import org.fedomics.consent.portal.PortalRoutes;
import org.fedomics.consent.service.ConsentRoutes;
import org.fedomics.consent.service.ConsentService;
import org.fedomics.consent.service.ConsentVerticle;
import org.fedomics.consent.service.LedgerService;
import org.fedomics.consent.service.PatientAccounts;
import org.fedomics.consent.service.PatientTokens;
import org.fedomics.consent.store.JdbcConsentStore;
import org.fedomics.consent.store.JdbcLedger;
import org.fedomics.consent.store.JdbcPatientAccounts;
import org.fedomics.consent.store.JdbcUseLog;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.consent.web.SessionTokens;
import org.fedomics.coordinator.service.CoordinatorConfig;
import org.fedomics.coordinator.service.CoordinatorVerticle;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.token.ArtifactSigner;
import org.fedomics.deploy.provision.ConsortiumProvisioner;
import org.fedomics.deploy.provision.ProvisionedConsortium;
import org.fedomics.node.governance.StewardPolicy;
import org.fedomics.node.service.NodeRuntime;
import org.fedomics.node.service.NodeSettings;

/**
 * A whole consortium on this machine, in one JVM: the consent service, the coordinator and one
 * node per hospital, each its own HTTPS server on loopback, connected by mutual TLS with
 * identities provisioned into the work directory. Every service loads the consortium CRL the
 * provisioning published and watches it while it runs. Used by the demo, the benchmark and system tests.
 */
public final class LocalConsortium implements AutoCloseable {
    /** Secure-aggregation stages after training exchange a few kilobytes: half a minute is generous on loopback. */
    private static final Duration STAGE_DEADLINE = Duration.ofSeconds(30);
    public static final String HOST = "127.0.0.1";
    public static final String RESEARCHER_TOKEN_TYPE = "researcher+jwt";
    private final Vertx vertx;
    private final ProvisionedConsortium pki;
    private final JdbcConsentStore consentStore;
    private final ConsentVerticle consent;
    private final CoordinatorVerticle coordinator;
    private final SessionTokens researcherTokens;
    private final Map<String, NodeRuntime> nodes;
    private final WebClient peopleClient;

    private LocalConsortium(Vertx vertx, ProvisionedConsortium pki, JdbcConsentStore consentStore, ConsentVerticle consent,
                            CoordinatorVerticle coordinator, SessionTokens researcherTokens, Map<String, NodeRuntime> nodes) {
        this.vertx = vertx;
        this.pki = pki;
        this.consentStore = consentStore;
        this.consent = consent;
        this.coordinator = coordinator;
        this.researcherTokens = researcherTokens;
        this.nodes = nodes;
        this.peopleClient = PeopleClients.create(vertx, pki.caCertificate());
    }

    /** Provisions identities and starts every service; blocks until all listen. */
    public static LocalConsortium start(ConsortiumOptions options, Clock clock, String softwareVersion) throws IOException {
        Files.createDirectories(options.workDirectory());
        ProvisionedConsortium pki = new ConsortiumProvisioner(clock)
                .provision(options.workDirectory(), "fedomics-demo", options.hospitals(), List.of());
        CrlFile crl = new CrlFile(pki.crlFile(), options.crlCheckPeriod());
        Vertx vertx = Vertx.vertx();
        JdbcConsentStore store = null;
        try {
            store = JdbcConsentStore.open("jdbc:h2:file:" + options.workDirectory().resolve("consent").resolve("db").toAbsolutePath(),
                    "fedomics", new char[0]);
            PatientTokens patientTokens = new PatientTokens(pki.consent(), clock);
            DiseaseHierarchy diseases = DiseaseHierarchy.bundled();
            ConsentService consentService = new ConsentService(store, new JdbcUseLog(store.dataSource()),
                    new ConsentPolicy(diseases), new ArtifactSigner(pki.consent()), clock);
            PatientAccounts accounts = new PatientAccounts(new JdbcPatientAccounts(store.dataSource()), Argon2idPassphrases.owasp(), clock);
            LedgerService ledger = new LedgerService(new JdbcLedger(store.dataSource()), pki.consent(), clock);
            ConsentVerticle consent = new ConsentVerticle(HOST, options.consentPort(), pki.consent(), crl,
                    new ConsentRoutes(consentService, accounts, ledger, patientTokens),
                    new PortalRoutes(consentService, accounts, ledger, diseases, clock), clock);
            deploy(vertx, consent, "consent service", options.consentPort());

            SessionTokens researchers = new SessionTokens(pki.coordinator(), RESEARCHER_TOKEN_TYPE, Duration.ofHours(8), clock);
            CoordinatorVerticle coordinator = new CoordinatorVerticle(new CoordinatorConfig(HOST, options.coordinatorPort(),
                    pki.coordinator(), crl, pki.nodes().keySet(), options.roundDeadline(), STAGE_DEADLINE, researchers,
                    softwareVersion), options.gate(), clock);
            deploy(vertx, coordinator, "coordinator", options.coordinatorPort());

            Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
            for (String hospital : options.hospitals()) {
                NodeSettings settings = new NodeSettings(hospital, HOST, 0, options.workDirectory().resolve(hospital).resolve("data"),
                        pki.nodes().get(hospital), crl, pki.nodeMasterPassphrases().get(hospital), HOST, coordinator.actualPort(),
                        HOST, consent.actualPort(), pki.consent().certificate(), StewardPolicy.defaults(), Duration.ofMinutes(5));
                nodes.put(hospital, NodeRuntime.start(vertx, settings, clock).await());
            }
            return new LocalConsortium(vertx, pki, store, consent, coordinator, researchers, nodes);
        } catch (RuntimeException | IOException e) {
            vertx.close().await();
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    private static void deploy(Vertx vertx, io.vertx.core.Deployable verticle, String what, int port) throws IOException {
        try {
            vertx.deployVerticle(verticle).await();
        } catch (Exception e) {
            // Future.await() rethrows the listen failure itself, checked or not.
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
                throw new IOException("cannot start the " + what + ": port " + port + " on " + HOST + " is in use");
            }
            throw e;
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public ProvisionedConsortium pki() {
        return pki;
    }

    public int consentPort() {
        return consent.actualPort();
    }

    /** Where patients sign in to the portal (the consent service's own HTTPS address). */
    public String portalUrl() {
        return "https://" + HOST + ":" + consentPort() + PortalRoutes.ROOT;
    }

    public int coordinatorPort() {
        return coordinator.actualPort();
    }

    public NodeRuntime node(String hospital) {
        NodeRuntime node = nodes.get(hospital);
        if (node == null) {
            throw new IllegalArgumentException("no hospital " + hospital + " in this consortium");
        }
        return node;
    }

    public List<NodeRuntime> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** A researcher with a token from the coordinator (as the consortium's operator would hand out). */
    public ResearcherClient researcher(String name) {
        return new ResearcherClient(new ApiClient(peopleClient, HOST, coordinatorPort()), researcherToken(name));
    }

    /** A bearer token the coordinator accepts from researcher {@code name}. */
    public String researcherToken(String name) {
        return researcherTokens.issue(name, List.of("researcher"));
    }

    /** A patient's browser, talking to the consent service. */
    public PatientClient patientBrowser() {
        return new PatientClient(new ApiClient(peopleClient, HOST, consentPort()));
    }

    @Override
    public void close() {
        List<Future<Void>> stops = new ArrayList<>();
        nodes.values().forEach(n -> stops.add(n.stop()));
        Future.join(stops).otherwiseEmpty().await();
        peopleClient.close();
        vertx.close().await();
        consentStore.close();
    }
}
