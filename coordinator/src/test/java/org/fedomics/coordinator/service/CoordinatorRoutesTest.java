package org.fedomics.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessCountsEncoding;
import org.fedomics.consent.study.FairnessPlan;
import org.fedomics.consent.study.ProtectedAttribute;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.FeatureStatisticsEncoding;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.Outcome;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.ParameterDigest;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecureUpdateEncoding;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.consent.web.SessionTokens;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.coordinator.fairness.FairnessReport;
import org.fedomics.coordinator.fairness.PublishedCount;
import org.fedomics.coordinator.release.ReleaseManifest;
import org.fedomics.coordinator.release.ReleaseVerifier;
import org.fedomics.coordinator.release.SignedRelease;
import org.fedomics.coordinator.study.StudyState;
import org.fedomics.coordinator.study.StudyStatus;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.secagg.SecAggNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The coordinator's routes on a real HTTPS server (127.0.0.1, port 0) with identities from a test
 * consortium CA; two nodes and a researcher are driven by hand from the test thread.
 */
class CoordinatorRoutesTest {
    private static final String HOST = "127.0.0.1";
    private static final String RESEARCHER_TYPE = "researcher+jwt";
    private static Vertx vertx;
    private static Credential coordinator;
    private static SessionTokens researchers;
    private static WebClient hospitalA;
    private static WebClient hospitalB;
    private static WebClient consentService;
    private static WebClient anonymous;
    private static String researcherToken;
    private static final Map<WebClient, Credential> IDENTITIES = new java.util.HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private static CrlFile crl;
    @TempDir
    static Path dir;
    private String deployment;
    private int port;

    @BeforeAll
    static void consortium() throws IOException {
        vertx = Vertx.vertx();
        ConsortiumCa ca = ConsortiumCa.create("test", Clock.systemUTC());
        crl = CrlFile.of(dir.resolve("crl.pem"));
        ca.publishCrl(crl.path());
        coordinator = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of(HOST), Duration.ofDays(1));
        Credential a = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
        Credential b = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-b"), List.of(), Duration.ofDays(1));
        Credential consent = ca.issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(), Duration.ofDays(1));
        hospitalA = client(MutualTls.clientOptions(a));
        hospitalB = client(MutualTls.clientOptions(b));
        IDENTITIES.put(hospitalA, a);
        IDENTITIES.put(hospitalB, b);
        consentService = client(MutualTls.clientOptions(consent));
        // trusts the consortium CA and checks the host name, but presents no certificate (a researcher's browser or CLI)
        anonymous = client(MutualTls.clientOptions(a).setKeyCertOptions(null));
        researchers = new SessionTokens(coordinator, RESEARCHER_TYPE, Duration.ofHours(1), Clock.systemUTC());
        researcherToken = researchers.issue("dr-who", List.of("researcher"));
    }

    private static WebClient client(HttpClientOptions options) {
        return WebClient.create(vertx, new WebClientOptions(options));
    }

    @AfterAll
    static void closeAll() {
        vertx.close().await();
    }

    @BeforeEach
    void startCoordinator() {
        CoordinatorVerticle verticle = new CoordinatorVerticle(new CoordinatorConfig(HOST, 0, coordinator, crl,
                Set.of("hospital-a", "hospital-b"), Duration.ofMinutes(2), Duration.ofMinutes(1), researchers, "test-version"),
                RoundGate.OPEN,
                Clock.systemUTC());
        deployment = vertx.deployVerticle(verticle).await();
        port = verticle.actualPort();
    }

    @AfterEach
    void stopCoordinator() {
        vertx.undeploy(deployment).await();
    }

    // ---- HTTP helpers -------------------------------------------------------------------------

    private HttpResponse<Buffer> get(WebClient client, String uri, String bearer) {
        HttpRequest<Buffer> request = client.get(port, HOST, uri);
        if (bearer != null) {
            request.putHeader("Authorization", "Bearer " + bearer);
        }
        return request.send().await();
    }

    private HttpResponse<Buffer> post(WebClient client, String uri, byte[] body, String contentType, String bearer) {
        HttpRequest<Buffer> request = client.post(port, HOST, uri).putHeader("content-type", contentType);
        if (bearer != null) {
            request.putHeader("Authorization", "Bearer " + bearer);
        }
        return request.sendBuffer(Buffer.buffer(body)).await();
    }

    private HttpResponse<Buffer> postJson(WebClient client, String uri, Object body) {
        return post(client, uri, StrictJson.write(body), "application/json", null);
    }

    private HttpResponse<Buffer> postStage(WebClient node, String study, int round, String stage, byte[] bytes) {
        return post(node, "/node/v1/studies/" + study + "/rounds/" + round + "/secagg/" + stage, bytes, "application/octet-stream",
                null);
    }

    /**
     * Plays both nodes through one round over HTTP as the node agent does: takes the round task,
     * advertises keys, then answers each secure-aggregation task until the round's tasks stop.
     * Returns the tasks that followed the round (the next round's, or the end).
     */
    private Map<WebClient, NodeTask> secureRound(String id, int round, Map<WebClient, ParameterBlocks> updates) {
        Map<WebClient, long[]> inputs = new java.util.LinkedHashMap<>();
        opening(round).forEach((node, task) -> inputs.put(node, SecureUpdateEncoding.forStudy(task.study().request(),
                task.step().config().roster().size()).encode(updates.get(node))));
        return secureAggregation(id, round, inputs);
    }

    /** Plays both nodes through the statistics before round 1, as {@link #secureRound} plays a round. */
    private Map<WebClient, NodeTask> secureStatistics(String id, Map<WebClient, FeatureStatistics> statistics) {
        Map<WebClient, long[]> inputs = new java.util.LinkedHashMap<>();
        opening(NodeTask.STATISTICS_ROUND).forEach((node, task) -> inputs.put(node, FeatureStatisticsEncoding.forStudy(
                task.study().request(), task.step().config().roster().size()).encode(statistics.get(node))));
        return secureAggregation(id, NodeTask.STATISTICS_ROUND, inputs);
    }

    /** Plays both nodes through the fairness audit after the last round, as {@link #secureRound} plays a round. */
    private Map<WebClient, NodeTask> secureAudit(String id, Map<WebClient, FairnessCounts> counts) {
        Map<WebClient, long[]> inputs = new java.util.LinkedHashMap<>();
        opening(NodeTask.AUDIT_ROUND).forEach((node, task) -> inputs.put(node, FairnessCountsEncoding.forStudy(
                task.study().request(), task.step().config().roster().size()).encode(counts.get(node))));
        return secureAggregation(id, NodeTask.AUDIT_ROUND, inputs);
    }

    /** Both nodes' statistics of the two features, in every block: A has records (1, 10) and (3, 30), B (5, 50). */
    private Map<WebClient, NodeTask> summedStatistics(String id) {
        return secureStatistics(id, Map.of(
                hospitalA, new FeatureStatistics(3, 2, new long[] {2, 2, 2}, new double[] {4, 40, 4, 40, 4, 40},
                        new double[] {10, 1000, 10, 1000, 10, 1000}),
                hospitalB, new FeatureStatistics(3, 2, new long[] {1, 1, 1}, new double[] {5, 50, 5, 50, 5, 50},
                        new double[] {25, 2500, 25, 2500, 25, 2500})));
    }

    private Map<WebClient, NodeTask> secureAggregation(String id, int round, Map<WebClient, long[]> inputs) {
        Map<WebClient, SecAggNode> protocols = new java.util.LinkedHashMap<>();
        Map<WebClient, NodeTask> next = new java.util.LinkedHashMap<>();
        Map<WebClient, NodeTask> pending = new java.util.LinkedHashMap<>(opening(round));
        while (!pending.isEmpty()) {
            for (Map.Entry<WebClient, NodeTask> entry : pending.entrySet()) {
                WebClient node = entry.getKey();
                SecAggStep step = entry.getValue().step();
                SecAggNode protocol = protocols.computeIfAbsent(node, n -> new SecAggNode(step.config(), IDENTITIES.get(n), random));
                HttpResponse<Buffer> answered = postStage(node, id, round, step.stage().path(), step.perform(protocol, inputs.get(node)));
                assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
            }
            pending.clear();
            for (WebClient node : inputs.keySet()) {
                NodeTask task = poll(node).get(0);
                if (task.kind() == NodeTask.Kind.SECAGG) {
                    assertThat(task.round()).isEqualTo(round);
                    pending.put(node, task);
                } else {
                    next.put(node, task);
                }
            }
        }
        this.opened = next;
        return next;
    }

    private Map<WebClient, NodeTask> opened = Map.of();

    /**
     * The tasks that open aggregation {@code round} (0: the statistics) at both nodes: from the
     * last aggregation's end or an earlier call, else polled now.
     */
    private Map<WebClient, NodeTask> opening(int round) {
        if (!opened.isEmpty()) {
            return opened;
        }
        Map<WebClient, NodeTask> tasks = new java.util.LinkedHashMap<>();
        for (WebClient node : List.of(hospitalA, hospitalB)) {
            NodeTask task = poll(node).get(0);
            assertThat(task.kind()).isEqualTo(round == NodeTask.STATISTICS_ROUND ? NodeTask.Kind.STATISTICS
                    : round == NodeTask.AUDIT_ROUND ? NodeTask.Kind.AUDIT : NodeTask.Kind.ROUND);
            assertThat(task.round()).isEqualTo(round);
            tasks.put(node, task);
        }
        opened = tasks;
        return tasks;
    }

    /** One long poll; tasks are queued synchronously by the calls before it, so it returns at once. */
    private List<NodeTask> poll(WebClient node) {
        HttpResponse<Buffer> response = get(node, "/node/v1/tasks?waitSeconds=5", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return Arrays.asList(StrictJson.readTrusted(response.body().getBytes(), NodeTask[].class));
    }

    private StudyStatus status(String study) {
        HttpResponse<Buffer> response = get(anonymous, "/api/v1/studies/" + study, researcherToken);
        assertThat(response.statusCode()).isEqualTo(200);
        return StrictJson.readTrusted(response.body().getBytes(), StudyStatus.class);
    }

    private static StudyRequest request(int rounds) {
        return new StudyRequest("relapse in ALL", new DeclaredUse("DUO:0000006", List.of(), false, true, false, "inst", "p-1"),
                List.of(), new Outcome("relapse", "FALSE", "TRUE"), List.of("g1", "g2"),
                new TrainingPlan(rounds, 1, 0.1, 2, 7L, 1, 2));
    }

    /** Submits as the researcher and has both nodes approve; returns the study id, at its statistics. */
    private String runningStudy(int rounds) {
        return runningStudy(request(rounds));
    }

    private String runningStudy(StudyRequest request) {
        HttpResponse<Buffer> submitted = post(anonymous, "/api/v1/studies", StrictJson.write(request),
                "application/json", researcherToken);
        assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(201);
        String id = StrictJson.readTrusted(submitted.body().getBytes(), StudyStatus.class).id();
        for (WebClient node : List.of(hospitalA, hospitalB)) {
            assertThat(poll(node)).singleElement().satisfies(t -> {
                assertThat(t.kind()).isEqualTo(NodeTask.Kind.DECIDE);
                assertThat(t.studyId()).isEqualTo(id);
                assertThat(t.study().researcher()).isEqualTo("dr-who");
            });
            assertThat(postJson(node, "/node/v1/studies/" + id + "/decision", new StudyDecision(true, "approved")).statusCode())
                    .isEqualTo(200);
        }
        return id;
    }

    /** A node's update: per block a record count and the local parameters (a constant here), sent as count x parameters. */
    private static ParameterBlocks update(long[] counts, double[] localPerBlock) {
        int blockSize = 2 * 3;
        double[] values = new double[counts.length * blockSize];
        for (int b = 0; b < counts.length; b++) {
            Arrays.fill(values, b * blockSize, (b + 1) * blockSize, counts[b] * localPerBlock[b]);
        }
        return new ParameterBlocks(counts.length, 2, 3, counts, values);
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static double[] blockwise(double... perBlock) {
        double[] values = new double[perBlock.length * 6];
        for (int b = 0; b < perBlock.length; b++) {
            Arrays.fill(values, b * 6, (b + 1) * 6, perBlock[b]);
        }
        return values;
    }

    // ---- node authentication ------------------------------------------------------------------

    @Test
    void nodeRoute_clientWithoutCertificate_forbidden() {
        HttpResponse<Buffer> response = get(anonymous, "/node/v1/tasks?waitSeconds=0", null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.bodyAsString()).contains("no certificate");
    }

    @Test
    void nodeRoute_consentServiceCertificate_forbidden() {
        HttpResponse<Buffer> tasks = get(consentService, "/node/v1/tasks?waitSeconds=0", null);
        HttpResponse<Buffer> update = postStage(consentService, "study-000000000000", 1, "advertise", new byte[20]);

        assertThat(tasks.statusCode()).isEqualTo(403);
        assertThat(tasks.bodyAsString()).contains("consent").contains("requires node");
        assertThat(update.statusCode()).isEqualTo(403);
    }

    @Test
    void nodeRoute_nodeCertificate_accepted() {
        HttpResponse<Buffer> response = get(hospitalA, "/node/v1/tasks?waitSeconds=0", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("[]");
    }

    @Test
    void nodeRoute_pollWaitOutOfRange_badRequest() {
        assertThat(get(hospitalA, "/node/v1/tasks?waitSeconds=31", null).statusCode()).isEqualTo(400);
        assertThat(get(hospitalA, "/node/v1/tasks?waitSeconds=soon", null).statusCode()).isEqualTo(400);
    }

    // ---- researcher authentication ------------------------------------------------------------

    @Test
    void researcherRoute_noToken_unauthorized() {
        HttpResponse<Buffer> response = get(anonymous, "/api/v1/studies", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void researcherRoute_nodeCertificateButNoToken_unauthorized() {
        assertThat(get(hospitalA, "/api/v1/studies", null).statusCode()).isEqualTo(401);
    }

    @Test
    void researcherRoute_garbageToken_unauthorized() {
        assertThat(get(anonymous, "/api/v1/studies", "not.a.token").statusCode()).isEqualTo(401);
        assertThat(get(anonymous, "/api/v1/studies", researcherToken + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void researcherRoute_expiredToken_unauthorized() {
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = new SessionTokens(coordinator, RESEARCHER_TYPE, Duration.ofMinutes(10), anHourAgo)
                .issue("dr-who", List.of("researcher"));

        assertThat(get(anonymous, "/api/v1/studies", expired).statusCode()).isEqualTo(401);
    }

    @Test
    void researcherRoute_tokenOfAnotherTypeOrIssuer_unauthorized() {
        String patientToken = new SessionTokens(coordinator, "patient+jwt", Duration.ofMinutes(10), Clock.systemUTC())
                .issue("p-1", List.of("patient"));
        ConsortiumCa otherCa = ConsortiumCa.create("other", Clock.systemUTC());
        Credential impostor = otherCa.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of(), Duration.ofDays(1));
        String foreign = new SessionTokens(impostor, RESEARCHER_TYPE, Duration.ofMinutes(10), Clock.systemUTC())
                .issue("dr-who", List.of("researcher"));

        assertThat(get(anonymous, "/api/v1/studies", patientToken).statusCode()).isEqualTo(401);
        assertThat(get(anonymous, "/api/v1/studies", foreign).statusCode()).isEqualTo(401);
    }

    @Test
    void researcherRoute_validToken_accepted() {
        HttpResponse<Buffer> response = get(anonymous, "/api/v1/studies", researcherToken);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("[]");
    }

    // ---- a whole study ------------------------------------------------------------------------

    @Test
    void study_twoNodesTwoRounds_releasedModelIsTheFedAvgOfTheSecureSumAndVerifies() throws GeneralSecurityException {
        String id = runningStudy(2);
        assertThat(status(id).state()).isEqualTo(StudyState.RUNNING);
        assertThat(status(id).participants()).containsExactly("hospital-a", "hospital-b");

        // the statistics first: their own session; the standardization exists only once they are summed
        opening(NodeTask.STATISTICS_ROUND).values().forEach(t -> assertThat(t.step().config().sessionLabel()).isEqualTo(id + "/statistics"));
        assertThat(get(hospitalA, "/node/v1/studies/" + id + "/standardization", null).statusCode()).isEqualTo(409);
        assertThat(get(hospitalA, "/node/v1/studies/" + id + "/rounds/0/global", null).statusCode()).isEqualTo(400);
        summedStatistics(id);
        // records (1, 10), (3, 30), (5, 50): means (3, 30), sample sds (2, 20) in every block
        FeatureStandardization standardization = FeatureStandardization.decode(
                get(hospitalB, "/node/v1/studies/" + id + "/standardization", null).body().getBytes());
        for (int b = 0; b < 3; b++) {
            assertClose(standardization.means(b), new double[] {3, 30});
            assertThat(standardization.sds(b)[0]).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(standardization.sds(b)[1]).isCloseTo(20, org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(status(id).statistics().contributors()).containsExactly("hospital-a", "hospital-b");
        assertThat(status(id).statistics().recordsCounted()).isEqualTo(3);
        assertThat(status(id).completedRounds()).isZero();

        // round 1: both nodes get the task with the session's parameters, and the all-zero global model
        Map<WebClient, NodeTask> round1 = opening(1);
        for (WebClient node : List.of(hospitalA, hospitalB)) {
            assertThat(round1.get(node).step().stage()).isEqualTo(SecAggStep.Stage.ADVERTISE);
            assertThat(round1.get(node).step().config().sessionLabel()).isEqualTo(id + "/round-1/model");
            ParameterBlocks global = ParameterBlocks.decode(get(node, "/node/v1/studies/" + id + "/rounds/1/global", null)
                    .body().getBytes());
            assertThat(global.blocks()).isEqualTo(3);
            assertThat(global.rows()).isEqualTo(2);
            assertThat(global.columns()).isEqualTo(3);
            assertThat(global.values()).containsOnly(0.0);
        }
        // A: counts (2, 2, 4), local 1, 2, 3; B: counts (1, 6, 4), local 4, 5, 6
        Map<WebClient, NodeTask> after1 = secureRound(id, 1, Map.of(
                hospitalA, update(new long[] {2, 2, 4}, new double[] {1, 2, 3}),
                hospitalB, update(new long[] {1, 6, 4}, new double[] {4, 5, 6})));

        // round 2 starts from ((2*1 + 1*4)/3, (2*2 + 6*5)/8, (4*3 + 4*6)/8) = (2, 4.25, 4.5)
        after1.values().forEach(t -> assertThat(t.round()).isEqualTo(2));
        ParameterBlocks round2 = ParameterBlocks.decode(get(hospitalB, "/node/v1/studies/" + id + "/rounds/2/global", null)
                .body().getBytes());
        assertClose(round2.values(), blockwise(2, 4.25, 4.5));
        assertThat(get(hospitalA, "/node/v1/studies/" + id + "/rounds/1/global", null).statusCode()).isEqualTo(409);

        // round 2: nobody trains block 0, so it keeps 2; blocks 1 and 2 average to 0.5 and 1
        assertThat(get(anonymous, "/api/v1/studies/" + id + "/release", researcherToken).statusCode()).isEqualTo(409);
        Map<WebClient, NodeTask> after2 = secureRound(id, 2, Map.of(
                hospitalA, update(new long[] {0, 1, 2}, new double[] {0, 0.5, 1.5}),
                hospitalB, update(new long[] {0, 3, 2}, new double[] {0, 0.5, 0.5})));

        StudyStatus done = status(id);
        assertThat(done.state()).isEqualTo(StudyState.RELEASED);
        assertThat(done.completedRounds()).isEqualTo(2);
        assertThat(done.rounds().get(1).recordsTrained()).isEqualTo(4);
        assertThat(done.rounds().get(1).contributors()).containsExactly("hospital-a", "hospital-b");
        after2.values().forEach(t -> assertThat(t.kind()).isEqualTo(NodeTask.Kind.ENDED));

        HttpResponse<Buffer> releaseResponse = get(anonymous, "/api/v1/studies/" + id + "/release", researcherToken);
        assertThat(releaseResponse.statusCode()).isEqualTo(200);
        SignedRelease release = StrictJson.readTrusted(releaseResponse.body().getBytes(), SignedRelease.class);
        HttpResponse<Buffer> modelResponse = get(anonymous, "/api/v1/studies/" + id + "/release/model", researcherToken);
        assertThat(modelResponse.getHeader("content-type")).isEqualTo("application/octet-stream");
        byte[] model = modelResponse.body().getBytes();

        ReleaseManifest manifest = new ReleaseVerifier(coordinator.certificate()).verify(release.signature(), model);

        assertClose(ParameterBlocks.decode(model).values(), blockwise(2, 0.5, 1));
        assertThat(manifest).isEqualTo(release.manifest());
        assertThat(manifest.studyId()).isEqualTo(id);
        assertThat(manifest.researcher()).isEqualTo("dr-who");
        assertThat(manifest.rounds()).isEqualTo(2);
        assertThat(manifest.hospitals()).containsExactly("hospital-a", "hospital-b");
        assertThat(manifest.recordsTrainedLastRound()).isEqualTo(4);
        assertThat(manifest.strategy()).isEqualTo("FedAvg");
        assertThat(manifest.secureAggregation()).isTrue();
        assertThat(manifest.modelSha256()).isEqualTo(ParameterDigest.sha256(model));
        assertThat(manifest.folds()).isEqualTo(2);
        assertThat(manifest.finalBlock()).isEqualTo(2);
        assertThat(manifest.labels()).containsExactly("FALSE", "TRUE");
        assertThat(manifest.featureCount()).isEqualTo(2);
        assertThat(manifest.softwareVersion()).isEqualTo("test-version");
        assertThat(manifest.standardization()).isEqualTo(ReleaseManifest.CONSORTIUM_STANDARDIZATION);
        byte[] released = get(anonymous, "/api/v1/studies/" + id + "/release/standardization", researcherToken).body().getBytes();
        assertThat(new ReleaseVerifier(coordinator.certificate()).verifyStandardization(manifest, released).means())
                .containsExactly(standardization.means());
        byte[] tamperedStandardization = released.clone();
        tamperedStandardization[20] ^= 1;
        assertThatThrownBy(() -> new ReleaseVerifier(coordinator.certificate()).verifyStandardization(manifest, tamperedStandardization))
                .isInstanceOf(GeneralSecurityException.class);

        // a tampered manifest (the signed payload) or model fails verification
        String[] parts = release.signature().split("\\.");
        Map<String, Object> edited = new java.util.LinkedHashMap<>(StrictJson.readTrusted(
                Base64.getUrlDecoder().decode(parts[1]), Map.class));
        edited.put("hospitals", List.of("hospital-a", "hospital-b", "hospital-c"));
        String tamperedManifest = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(StrictJson.write(edited))
                + "." + parts[2];
        byte[] tamperedModel = model.clone();
        tamperedModel[tamperedModel.length - 1] ^= 1;
        ReleaseVerifier verifier = new ReleaseVerifier(coordinator.certificate());

        assertThatThrownBy(() -> verifier.verify(tamperedManifest, model)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> verifier.verify(release.signature(), tamperedModel)).isInstanceOf(GeneralSecurityException.class);
    }

    private static final FairnessPlan BY_SEX = new FairnessPlan(
            List.of(ProtectedAttribute.categories("sex", List.of("M", "F"), "unknown")), 0.5, null, 2);

    /** A node's counts by sex over 2 bins: per group negatives {TN, FP} then positives {FN, TP}; nobody of unknown sex. */
    private static FairnessCounts bySex(long[] m, long[] f) {
        long[] cells = new long[BY_SEX.cells()];
        System.arraycopy(m, 0, cells, BY_SEX.offset(0, 0, false, 0), 4);
        System.arraycopy(f, 0, cells, BY_SEX.offset(0, 1, false, 0), 4);
        return new FairnessCounts(BY_SEX, cells);
    }

    @Test
    void study_withAFairnessAudit_auditsTheSecureSumOfTheNodesCountsAfterTheLastRound_andTheSignedReleaseCarriesIt()
            throws GeneralSecurityException {
        StudyRequest plain = request(1);
        String id = runningStudy(new StudyRequest(plain.title(), plain.use(), plain.cohort(), plain.outcome(), plain.features(),
                plain.plan(), null, BY_SEX));
        summedStatistics(id);
        Map<WebClient, NodeTask> audit = secureRound(id, 1, Map.of(
                hospitalA, update(new long[] {2, 2, 4}, new double[] {1, 2, 3}),
                hospitalB, update(new long[] {1, 6, 4}, new double[] {4, 5, 6})));

        // after the last round: the audit's own session; the final model is served for it
        audit.values().forEach(t -> {
            assertThat(t.kind()).isEqualTo(NodeTask.Kind.AUDIT);
            assertThat(t.round()).isEqualTo(NodeTask.AUDIT_ROUND);
            assertThat(t.step().config().sessionLabel()).isEqualTo(id + "/fairness-audit");
        });
        byte[] finalModel = get(hospitalA, "/node/v1/studies/" + id + "/rounds/" + NodeTask.AUDIT_ROUND + "/global", null).body().getBytes();
        assertThat(ParameterDigest.sha256(finalModel)).isEqualTo(status(id).rounds().get(0).globalModelSha256());
        assertThat(status(id).state()).isEqualTo(StudyState.RUNNING);
        assertThat(get(anonymous, "/api/v1/studies/" + id + "/release", researcherToken).statusCode()).isEqualTo(409);

        // A: M {4,1 | 0,5}, F {3,2 | 2,3}; B: M {4,1 | 1,4}, F {3,2 | 3,2}: summed M {8,2 | 1,9}, F {6,4 | 5,5}
        Map<WebClient, NodeTask> after = secureAudit(id, Map.of(
                hospitalA, bySex(new long[] {4, 1, 0, 5}, new long[] {3, 2, 2, 3}),
                hospitalB, bySex(new long[] {4, 1, 1, 4}, new long[] {3, 2, 3, 2})));

        after.values().forEach(t -> assertThat(t.kind()).isEqualTo(NodeTask.Kind.ENDED));
        StudyStatus done = status(id);
        assertThat(done.state()).isEqualTo(StudyState.RELEASED);
        FairnessReport report = done.audit().report();
        var m = report.attributes().get(0).groups().get(0);
        var f = report.attributes().get(0).groups().get(1);
        assertThat(m.records()).isEqualTo(PublishedCount.exact(20));
        assertThat(m.positives()).isEqualTo(PublishedCount.exact(10));
        assertThat(f.records()).isEqualTo(PublishedCount.exact(20));
        assertThat(f.positives()).isEqualTo(PublishedCount.exact(10));
        assertThat(m.truePositiveRate()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.truePositiveRate()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(report.gaps().equalOpportunity()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(report.passed()).isTrue();
        assertThat(done.audit().contributors()).containsExactly("hospital-a", "hospital-b");

        SignedRelease release = StrictJson.readTrusted(get(anonymous, "/api/v1/studies/" + id + "/release", researcherToken)
                .body().getBytes(), SignedRelease.class);
        byte[] model = get(anonymous, "/api/v1/studies/" + id + "/release/model", researcherToken).body().getBytes();
        ReleaseVerifier verifier = new ReleaseVerifier(coordinator.certificate());
        ReleaseManifest manifest = verifier.verify(release, model);
        assertThat(manifest.fairness()).isEqualTo(report);

        // an audit altered in the signed payload, or beside the signature, fails verification
        String[] parts = release.signature().split("\\.");
        @SuppressWarnings("unchecked")
        Map<String, Object> edited = new java.util.LinkedHashMap<>(StrictJson.readTrusted(Base64.getUrlDecoder().decode(parts[1]), Map.class));
        @SuppressWarnings("unchecked")
        Map<String, Object> fairness = new java.util.LinkedHashMap<>((Map<String, Object>) edited.get("fairness"));
        fairness.put("passed", false);
        edited.put("fairness", fairness);
        String tamperedSignature = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(StrictJson.write(edited))
                + "." + parts[2];
        FairnessReport failing = new FairnessReport(report.hospitals(), report.threshold(), report.scoreBins(), report.minGroupSize(),
                report.criteria(), 0.1, report.attributes(), report.gaps(), false, List.of("sex: equal opportunity gap 0.400 exceeds 0.1"));
        ReleaseManifest m0 = release.manifest();
        ReleaseManifest alteredManifest = new ReleaseManifest(m0.studyId(), m0.title(), m0.researcher(), m0.purpose(), m0.diseaseIds(),
                m0.rounds(), m0.hospitals(), m0.recordsTrainedLastRound(), m0.strategy(), m0.secureAggregation(), m0.privacyMechanism(),
                m0.epsilon(), m0.delta(), m0.modelSha256(), m0.modelEncoding(), m0.folds(), m0.finalBlock(), m0.labels(),
                m0.featureCount(), m0.featureListSha256(), m0.standardization(), m0.standardizationSha256(), failing,
                m0.softwareVersion(), m0.releasedAt());

        assertThatThrownBy(() -> verifier.verify(tamperedSignature, model)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> verifier.verify(new SignedRelease(alteredManifest, release.signature()), model))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("differs from the signed one");
    }

    // ---- messages that are not secure-aggregation answers --------------------------------------

    @Test
    void secureAggregation_bytesThatAreNoAdvertisement_badRequestAndNotCounted() throws IOException {
        String id = runningStudy(2);
        summedStatistics(id);
        Map<WebClient, NodeTask> round1 = opening(1);
        SecAggStep step = round1.get(hospitalA).step();
        byte[] valid = step.perform(new SecAggNode(step.config(), IDENTITIES.get(hospitalA), random), null);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 8);
        byte[] extended = Arrays.copyOf(valid, valid.length + 8);
        byte[] plainUpdate = update(new long[] {1, 1, 2}, new double[] {1, 1, 1}).encode();
        byte[] json = StrictJson.write(Map.of("blocks", 3, "rows", 2, "columns", 3, "values", List.of(1, 2, 3)));

        for (byte[] body : List.of(tribuoModel(), plainUpdate, json, truncated, extended, new byte[0])) {
            HttpResponse<Buffer> response = postStage(hospitalA, id, 1, "advertise", body);
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        }
        assertThat(postStage(hospitalA, id, 1, "update", plainUpdate).statusCode()).as("no plain update path").isEqualTo(404);
        assertThat(postStage(hospitalA, id, 1, "mask", valid).statusCode()).as("stage out of order").isEqualTo(409);
        assertThat(postStage(hospitalA, id, 2, "advertise", valid).statusCode()).as("another round").isEqualTo(409);
        assertThat(postStage(hospitalA, id, 0, "advertise", valid).statusCode()).as("the statistics, closed").isEqualTo(409);
        assertThat(postStage(hospitalA, id, -1, "advertise", valid).statusCode()).isEqualTo(400);
        assertThat(postStage(hospitalA, "study-000000000000", 1, "advertise", valid).statusCode()).isEqualTo(404);
        assertThat(postStage(hospitalB, id, 1, "advertise", valid).statusCode()).as("A's keys sent by B").isEqualTo(400);

        // none of them took hospital-a's place in round 1: its real advertisement is still accepted, once
        assertThat(postStage(hospitalA, id, 1, "advertise", valid).statusCode()).isEqualTo(200);
        assertThat(postStage(hospitalA, id, 1, "advertise", valid).statusCode()).isEqualTo(409);
        assertThat(status(id).completedRounds()).isZero();
    }

    /** What a node must never send: a whole Tribuo model (it carries the site's feature statistics). */
    private static byte[] tribuoModel() throws IOException {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("test", labels), labels);
        data.add(new ArrayExample<>(new Label("TRUE"), new String[] {"g1", "g2"}, new double[] {1, 0}));
        data.add(new ArrayExample<>(new Label("FALSE"), new String[] {"g1", "g2"}, new double[] {0, 1}));
        var model = new LogisticRegressionTrainer().train(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        return bytes.toByteArray();
    }
}
