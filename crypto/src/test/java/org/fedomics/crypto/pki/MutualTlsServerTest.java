package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.fedomics.crypto.pki.TlsProbe.HOST;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A running mutual-TLS server on 127.0.0.1 whose CRL file the CA rewrites: revocations reach it
 * without a restart, forged lists do not.
 */
class MutualTlsServerTest {

    private static final Duration CHECK_PERIOD = Duration.ofMillis(50);

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final ConsortiumCa ca = ConsortiumCa.create("test", Clock.systemUTC());
    private final Credential coordinator = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"),
            List.of(HOST), Duration.ofDays(1));
    private final Credential hospitalA = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
    private final Credential hospitalB = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-b"), List.of(), Duration.ofDays(1));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger watchLogger = (Logger) LoggerFactory.getLogger(CrlWatch.class);
    private Path crlFile;
    private CrlReloader revocations;
    private MutualTlsServer server;
    /**
     * The clients of connections a test holds: kept reachable, because Vert.x closes a client that
     * is garbage collected, and its connections with it (a collection mid-test closed one).
     */
    private final List<HttpClientAgent> openClients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        logs.start();
        watchLogger.addAppender(logs);
        crlFile = dir.resolve("crl.pem");
        ca.publishCrl(crlFile);
        revocations = TlsProbe.await(CrlReloader.start(vertx, new CrlFile(crlFile, CHECK_PERIOD), ca.certificate(), Clock.systemUTC()));
        server = TlsProbe.await(MutualTlsServer.listen(vertx, coordinator, ClientAuth.REQUEST, revocations,
                TlsProbe.helloNode(), HOST, 0));
    }

    @AfterEach
    void stop() throws Exception {
        watchLogger.detachAppender(logs);
        revocations.stop();
        TlsProbe.await(vertx.close());
    }

    @Test
    void revokedNode_afterTheCrlFileIsRewritten_newConnectionsRefusedWhileOthersStillGetIn() throws Exception {
        assertThat(get(hospitalA).body()).isEqualTo("hello hospital-a over TLSv1.3");

        ca.revoke(hospitalA.certificate());
        ca.publishCrl(crlFile);

        await().atMost(Duration.ofSeconds(10)).pollInterval(CHECK_PERIOD)
                .until(() -> TlsProbe.refused(vertx, server.actualPort(), MutualTls.clientOptions(hospitalA)));
        assertThat(get(hospitalB).body()).isEqualTo("hello hospital-b over TLSv1.3");
        assertThat(server.revocations().isRevoked(hospitalA.certificate())).isTrue();
    }

    @Test
    void forgedCrl_signedByAnotherCa_isRefusedAndTheListInForceStays() throws Exception {
        ca.revoke(hospitalA.certificate());
        ca.publishCrl(crlFile);
        await().atMost(Duration.ofSeconds(10)).pollInterval(CHECK_PERIOD)
                .until(() -> TlsProbe.refused(vertx, server.actualPort(), MutualTls.clientOptions(hospitalA)));
        RevocationList inForce = server.revocations();

        // same consortium name, another key: a forged list that would un-revoke hospital-a
        ConsortiumCa.create("test", Clock.systemUTC()).publishCrl(crlFile);
        await().atMost(Duration.ofSeconds(10)).until(() -> warnings().stream()
                .anyMatch(w -> w.contains("refused: revocation list " + crlFile + " is not signed by the consortium CA")));

        assertThat(TlsProbe.refused(vertx, server.actualPort(), MutualTls.clientOptions(hospitalA))).isTrue();
        assertThat(get(hospitalB).status()).isEqualTo(200);
        assertThat(server.revocations()).isSameAs(inForce);
    }

    @Test
    void openConnectionOfANodeRevokedLater_isClosedOnReload_othersStayOpen() throws Exception {
        AtomicBoolean closedA = new AtomicBoolean();
        AtomicBoolean closedB = new AtomicBoolean();
        openConnection(hospitalA, closedA);
        HttpClientConnection b = openConnection(hospitalB, closedB);

        ca.revoke(hospitalA.certificate());
        ca.publishCrl(crlFile);

        await().atMost(Duration.ofSeconds(10)).untilTrue(closedA);
        assertThat(closedB).isFalse();
        assertThat(hello(b)).isEqualTo("hello hospital-b over TLSv1.3");
    }

    @Test
    void client_checkingTheCrl_refusesARevokedServerOnceItsListIsUpdated() throws Exception {
        // keep-alive, as a node's client: after the update its requests still go out on new connections,
        // because Vert.x pools connections per TLS options
        HttpClientAgent client = vertx.createHttpClient(MutualTls.clientOptions(hospitalA, revocations.current()));
        assertThat(TlsProbe.get(client, server.actualPort()).status()).isEqualTo(200);

        ca.revoke(coordinator.certificate());
        RevocationList revoked = RevocationList.verify(ca.crl(), ca.certificate());
        TlsProbe.await(client.updateSSLOptions(MutualTls.clientSslOptions(hospitalA, revoked)));

        // the server does not check its own certificate: only the client's list can refuse it
        assertThat(server.revocations().isRevoked(coordinator.certificate())).isFalse();
        assertThatThrownBy(() -> TlsProbe.get(client, server.actualPort()))
                .hasStackTraceContaining("Certificate revoked");
        assertThat(TlsProbe.refused(vertx, server.actualPort(), MutualTls.clientOptions(hospitalA, revoked))).isTrue();
        TlsProbe.await(client.close());
    }

    @Test
    void clientSslOptions_afterAnUpdate_stillCheckTheHostName() throws Exception {
        Credential elsewhere = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of("coordinator.example.org"),
                Duration.ofDays(1));
        MutualTlsServer misnamed = TlsProbe.await(MutualTlsServer.listen(vertx, elsewhere, ClientAuth.REQUEST, revocations,
                TlsProbe.helloNode(), HOST, 0));
        HttpClientAgent client = vertx.createHttpClient(MutualTls.clientOptions(hospitalA, revocations.current()));

        TlsProbe.await(client.updateSSLOptions(MutualTls.clientSslOptions(hospitalA, RevocationList.verify(ca.crl(), ca.certificate()))));

        assertThatThrownBy(() -> TlsProbe.get(client, misnamed.actualPort()))
                .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThat(TlsProbe.get(client, server.actualPort()).status()).isEqualTo(200);
        TlsProbe.await(client.close());
    }

    private TlsProbe.Reply get(Credential node) throws Exception {
        return TlsProbe.get(vertx, server.actualPort(), MutualTls.clientOptions(node));
    }

    private HttpClientConnection openConnection(Credential node, AtomicBoolean closed) throws Exception {
        HttpClientAgent client = vertx.createHttpClient(MutualTls.clientOptions(node));
        openClients.add(client);
        HttpClientConnection connection = TlsProbe.await(client.connect(new HttpConnectOptions().setHost(HOST)
                .setPort(server.actualPort())));
        connection.closeHandler(v -> closed.set(true));
        assertThat(hello(connection)).isEqualTo("hello " + node.identity().name() + " over TLSv1.3");
        return connection;
    }

    /** A GET on this connection; nested as in {@link TlsProbe#get}, so the body handler is set in send's callback. */
    private String hello(HttpClientConnection connection) throws Exception {
        return TlsProbe.await(connection.request(HttpMethod.GET, server.actualPort(), HOST, "/")
                .compose(r -> r.send().compose(response -> response.body()))).toString();
    }

    private List<String> warnings() {
        synchronized (logs) { // the appender adds events under its own lock, from the reloader's worker thread
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
