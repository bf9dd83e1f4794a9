package org.fedomics.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.fedomics.consent.web.SessionTokens;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running coordinator over real mutual TLS on 127.0.0.1: the consortium CA revokes a node and
 * rewrites the CRL file; the coordinator, never restarted, stops serving that node.
 */
class CoordinatorRevocationTest {
    private static final String HOST = "127.0.0.1";
    private static final Duration CHECK_PERIOD = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ConsortiumCa ca = ConsortiumCa.create("test", Clock.systemUTC());
    private final Credential coordinator = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of(HOST),
            Duration.ofDays(1));
    private final Credential hospitalA = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
    private final Credential hospitalB = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-b"), List.of(), Duration.ofDays(1));
    private Path crlFile;
    private int port;

    @BeforeEach
    void start() throws IOException {
        crlFile = dir.resolve("crl.pem");
        ca.publishCrl(crlFile);
        SessionTokens researchers = new SessionTokens(coordinator, "researcher+jwt", Duration.ofHours(1), Clock.systemUTC());
        CoordinatorVerticle verticle = new CoordinatorVerticle(new CoordinatorConfig(HOST, 0, coordinator,
                new CrlFile(crlFile, CHECK_PERIOD), Set.of("hospital-a", "hospital-b"), Duration.ofMinutes(2), Duration.ofMinutes(1), researchers,
                "test-version"), RoundGate.OPEN, Clock.systemUTC());
        vertx.deployVerticle(verticle).await();
        port = verticle.actualPort();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void revokedNode_afterTheCrlFileIsRewritten_isRefusedEvenOnItsKeptClient_whileOtherNodesPoll() {
        WebClient nodeA = client(hospitalA); // keeps its connection alive between polls, as a node does
        assertThat(poll(nodeA)).isEqualTo(200);

        ca.revoke(hospitalA.certificate());
        publish(ca);

        await().atMost(PATIENCE).pollInterval(CHECK_PERIOD).until(() -> refusedOnANewConnection(hospitalA));
        // its open connection is closed on reload, and it cannot open another
        await().atMost(PATIENCE).pollInterval(CHECK_PERIOD).ignoreExceptionsInstanceOf(HttpClosedException.class)
                .until(() -> refusedInHandshake(nodeA));
        assertThat(poll(client(hospitalB))).isEqualTo(200);
    }

    @Test
    void forgedCrl_signedByAnotherCaOfTheSameName_isRefusedAndTheRevocationStays() {
        ca.revoke(hospitalA.certificate());
        publish(ca);
        await().atMost(PATIENCE).pollInterval(CHECK_PERIOD).until(() -> refusedOnANewConnection(hospitalA));

        publish(ConsortiumCa.create("test", Clock.systemUTC())); // lists nothing: it would let hospital-a back in

        // a forged list would be in force within a few check periods; it never is
        await().during(Duration.ofMillis(20 * CHECK_PERIOD.toMillis())).atMost(PATIENCE).pollInterval(CHECK_PERIOD)
                .until(() -> refusedOnANewConnection(hospitalA));
        assertThat(poll(client(hospitalB))).isEqualTo(200);
    }

    private WebClient client(Credential node) {
        return WebClient.create(vertx, new WebClientOptions(MutualTls.clientOptions(node)));
    }

    private int poll(WebClient node) {
        HttpResponse<Buffer> response = node.get(port, HOST, "/node/v1/tasks?waitSeconds=0").send().await();
        return response.statusCode();
    }

    /** True if a request of {@code node} fails in the TLS handshake; false if it is served. */
    private boolean refusedInHandshake(WebClient node) {
        try {
            poll(node);
            return false;
        } catch (Exception e) { // Future.await() rethrows the TLS failure itself, checked or not
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SSLException) {
                    return true;
                }
            }
            throw e;
        }
    }

    /** As {@link #refusedInHandshake(WebClient)}, on a new client (so a new connection) presenting {@code node}'s certificate. */
    private boolean refusedOnANewConnection(Credential node) {
        WebClient client = client(node);
        try {
            return refusedInHandshake(client);
        } finally {
            client.close();
        }
    }

    private void publish(ConsortiumCa signer) {
        try {
            signer.publishCrl(crlFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
