package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fedomics.crypto.pki.TlsProbe.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fedomics.crypto.pki.TlsProbe.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real TLS 1.3 handshakes between a Vert.x server on 127.0.0.1 (port 0) and a Vert.x client. */
class MutualTlsTest {

    private static Vertx vertx;
    private static ConsortiumCa ca;
    private static Credential coordinator;
    private static Credential node;
    private static Credential consent;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        ca = ConsortiumCa.create("demo", Clock.systemUTC());
        coordinator = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"),
                List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
        node = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
        consent = ca.issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(), Duration.ofDays(1));
    }

    @AfterAll
    static void tearDown() throws Exception {
        await(vertx.close());
    }

    @Test
    void request_nodeCertificateOnNodeEndpoint_acceptedOverTls13() throws Exception {
        HttpServer server = start(MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of()));
        try {
            Reply reply = get(server, MutualTls.clientOptions(node));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("hello hospital-a over TLSv1.3");
        } finally {
            await(server.close());
        }
    }

    @Test
    void request_withoutClientCertificate_rejectedInHandshake() throws Exception {
        HttpServer server = start(MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of()));
        try {
            HttpClientOptions noCertificate = MutualTls.clientOptions(node).setKeyCertOptions(null);
            assertHandshakeFails(server, noCertificate);
        } finally {
            await(server.close());
        }
    }

    @Test
    void request_withoutClientCertificateWhenOnlyRequested_refusedByRequirePeer() throws Exception {
        HttpServer server = start(MutualTls.serverOptions(coordinator, ClientAuth.REQUEST, List.of()));
        try {
            Reply reply = get(server, MutualTls.clientOptions(node).setKeyCertOptions(null));
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body()).isEqualTo("peer presented no certificate");
        } finally {
            await(server.close());
        }
    }

    @Test
    void request_clientCertificateFromAnotherCa_rejectedInHandshake() throws Exception {
        ConsortiumCa rogue = ConsortiumCa.create("demo", Clock.systemUTC());
        Credential rogueNode = rogue.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
        // the rogue client trusts the real CA, so only the server's check can stop it
        Credential presented = new Credential(rogueNode.privateKey(), rogueNode.certificate(), ca.certificate());
        HttpServer server = start(MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of()));
        try {
            assertHandshakeFails(server, MutualTls.clientOptions(presented));
        } finally {
            await(server.close());
        }
    }

    @Test
    void request_serverCertificateFromAnotherCa_rejectedByClient() throws Exception {
        ConsortiumCa rogue = ConsortiumCa.create("demo", Clock.systemUTC());
        Credential rogueServer = rogue.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"),
                List.of("127.0.0.1"), Duration.ofDays(1));
        HttpServer server = start(MutualTls.serverOptions(rogueServer, ClientAuth.NONE, List.of()));
        try {
            assertHandshakeFails(server, MutualTls.clientOptions(node));
        } finally {
            await(server.close());
        }
    }

    @Test
    void request_serverCertificateForAnotherHost_rejectedByHostNameCheck() throws Exception {
        Credential elsewhere = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"),
                List.of("coordinator.example.org"), Duration.ofDays(1));
        HttpServer server = start(MutualTls.serverOptions(elsewhere, ClientAuth.REQUIRED, List.of()));
        try {
            assertHandshakeFails(server, MutualTls.clientOptions(node));
        } finally {
            await(server.close());
        }
    }

    @Test
    void request_revokedClientCertificate_rejectedViaCrl() throws Exception {
        Credential revokedNode = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-b"), List.of(), Duration.ofDays(1));
        ca.revoke(revokedNode.certificate());
        X509CRL crl = ca.crl();
        HttpServer server = start(MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of(crl)));
        try {
            assertHandshakeFails(server, MutualTls.clientOptions(revokedNode));
            assertThat(get(server, MutualTls.clientOptions(node)).status())
                    .as("a certificate not on the CRL still gets in").isEqualTo(200);
        } finally {
            await(server.close());
        }
    }

    @Test
    void serverOptions_crlNotSignedByConsortiumCa_refused() {
        ConsortiumCa rogue = ConsortiumCa.create("demo", Clock.systemUTC());
        assertThatThrownBy(() -> MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of(rogue.crl())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not signed by the consortium CA");
    }

    @Test
    void request_wrongRoleCertificate_refusedByRequirePeer() throws Exception {
        HttpServer server = start(MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of()));
        try {
            Reply reply = get(server, MutualTls.clientOptions(consent));
            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body()).isEqualTo("peer consent has role consent, this endpoint requires node");
        } finally {
            await(server.close());
        }
    }

    @Test
    void serverOptions_always_tls13OnlyAndClientAuthAsGiven() {
        HttpServerOptions options = MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of());
        assertThat(options.isSsl()).isTrue();
        assertThat(options.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3");
        assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
        HttpClientOptions client = MutualTls.clientOptions(node);
        assertThat(client.isVerifyHost()).isTrue();
        assertThat(client.isTrustAll()).isFalse();
        assertThat(client.getEnabledSecureTransportProtocols()).containsExactly("TLSv1.3");
    }

    @Test
    void options_serializedToJson_neverContainPrivateKey() {
        String key = java.util.Base64.getEncoder().encodeToString(node.privateKey().getEncoded());
        String keyMiddle = key.substring(key.length() / 2, key.length() / 2 + 24);
        String server = MutualTls.serverOptions(coordinator, ClientAuth.REQUIRED, List.of()).toJson().encode()
                .replace("\\n", ""); // PEM line breaks, were the key ever serialized as PEM
        String client = MutualTls.clientOptions(node).toJson().encode().replace("\\n", "");
        assertThat(client).doesNotContain(keyMiddle);
        String coordinatorKey = java.util.Base64.getEncoder().encodeToString(coordinator.privateKey().getEncoded());
        assertThat(server).doesNotContain(coordinatorKey.substring(coordinatorKey.length() / 2, coordinatorKey.length() / 2 + 24));
    }

    private static HttpServer start(HttpServerOptions options) throws Exception {
        return await(vertx.createHttpServer(options).requestHandler(TlsProbe.helloNode()).listen(0, TlsProbe.HOST));
    }

    private static Reply get(HttpServer server, HttpClientOptions options) throws Exception {
        return TlsProbe.get(vertx, server.actualPort(), options);
    }

    private static void assertHandshakeFails(HttpServer server, HttpClientOptions options) {
        TlsProbe.assertHandshakeFails(vertx, server.actualPort(), options);
    }
}
