package org.fedomics.crypto.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;

/**
 * Two Vert.x HTTP servers on 127.0.0.1 answering GET with a few bytes: one plain, one with the
 * consortium's mutual TLS 1.3 ({@link MutualTls}, the client's role checked on every request as
 * the services do), and clients for each, so that {@link CryptoBench} and the JMH benchmarks can
 * time what mutual TLS adds to a request. Nothing leaves loopback.
 */
public final class LoopbackHttp implements AutoCloseable {

    /** How a request reaches its server. */
    public enum Transport {
        /** HTTP/1.1 without TLS over a kept-alive connection. */
        PLAIN,
        /** Mutual TLS 1.3 over a kept-alive connection: after the first request, no handshake. */
        MUTUAL_TLS,
        /** Mutual TLS 1.3 on a new connection for every request: a full handshake each time. */
        MUTUAL_TLS_HANDSHAKE
    }

    private static final String HOST = "127.0.0.1";
    /** Connections a client keeps open: enough for every request in flight to have its own. */
    private static final int MAX_CONNECTIONS = 16;

    private final Vertx vertx;
    private final HttpServer plainServer;
    private final HttpServer tlsServer;
    private final HttpClientAgent plainClient;
    private final HttpClientAgent tlsClient;
    private final HttpClientAgent handshakeClient;

    private LoopbackHttp(Vertx vertx, HttpServer plainServer, HttpServer tlsServer, HttpClientAgent plainClient,
            HttpClientAgent tlsClient, HttpClientAgent handshakeClient) {
        this.vertx = vertx;
        this.plainServer = plainServer;
        this.tlsServer = tlsServer;
        this.plainClient = plainClient;
        this.tlsClient = tlsClient;
        this.handshakeClient = handshakeClient;
    }

    /** A throw-away consortium CA, a coordinator server credential and a node client credential; both servers listening. */
    public static LoopbackHttp start() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("bench", Clock.systemUTC());
        Credential server = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of(HOST),
                Duration.ofDays(1));
        Credential client = ca.issue(new ParticipantIdentity(Role.NODE, "node"), List.of(), Duration.ofDays(1));
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer plain = await(vertx.createHttpServer(new HttpServerOptions())
                    .requestHandler(request -> request.response().end("node"))
                    .listen(0, HOST));
            HttpServer tls = await(vertx.createHttpServer(MutualTls.serverOptions(server, ClientAuth.REQUIRED, List.of()))
                    .requestHandler(request -> request.response().end(MutualTls.requirePeer(request, Role.NODE).name()))
                    .listen(0, HOST));
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS);
            return new LoopbackHttp(vertx, plain, tls,
                    vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), pool),
                    vertx.createHttpClient(MutualTls.clientOptions(client).setKeepAlive(true), pool),
                    vertx.createHttpClient(MutualTls.clientOptions(client).setKeepAlive(false), pool));
        } catch (Exception e) {
            await(vertx.close());
            throw e;
        }
    }

    /** One GET, waited for. */
    public void get(Transport transport) throws Exception {
        await(request(transport));
    }

    /**
     * Sends {@code requests} GETs keeping {@code inFlight} of them outstanding, and returns the
     * time from the first request to the last response.
     */
    public Duration run(Transport transport, int requests, int inFlight) throws Exception {
        if (requests < 1 || inFlight < 1) {
            throw new IllegalArgumentException("requests and in-flight count must be positive");
        }
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        for (int i = 0; i < Math.min(inFlight, requests); i++) {
            sendNext(transport, requests, started, finished, done);
        }
        done.get(5, TimeUnit.MINUTES);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void sendNext(Transport transport, int requests, AtomicInteger started, AtomicInteger finished,
            CompletableFuture<Void> done) {
        if (started.getAndIncrement() >= requests || done.isDone()) {
            return;
        }
        request(transport).onComplete(result -> {
            if (result.failed()) {
                done.completeExceptionally(result.cause());
            } else if (finished.incrementAndGet() == requests) {
                done.complete(null);
            } else {
                sendNext(transport, requests, started, finished, done);
            }
        });
    }

    private Future<Buffer> request(Transport transport) {
        HttpClientAgent client = switch (transport) {
            case PLAIN -> plainClient;
            case MUTUAL_TLS -> tlsClient;
            case MUTUAL_TLS_HANDSHAKE -> handshakeClient;
        };
        int port = transport == Transport.PLAIN ? plainServer.actualPort() : tlsServer.actualPort();
        // send and body nested inside request: chained one level up, a response can end before
        // body() is called when the caller is not a Vert.x thread, and the body is lost
        return client.request(HttpMethod.GET, port, HOST, "/")
                .compose(request -> request.send()
                        .compose(response -> response.statusCode() == 200 ? response.body()
                                : Future.failedFuture("GET answered " + response.statusCode())));
    }

    @Override
    public void close() throws Exception {
        try {
            await(plainClient.close());
            await(tlsClient.close());
            await(handshakeClient.close());
            await(plainServer.close());
            await(tlsServer.close());
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
