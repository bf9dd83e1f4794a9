package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Requests over real TLS on 127.0.0.1, and telling a refused handshake from any other failure. */
final class TlsProbe {

    static final String HOST = "127.0.0.1";

    record Reply(int status, String body) {
    }

    private TlsProbe() {
    }

    /** Answers a node "hello NAME over PROTOCOL" and anyone else 403 with the reason. */
    static Handler<HttpServerRequest> helloNode() {
        return request -> {
            try {
                ParticipantIdentity peer = MutualTls.requirePeer(request, Role.NODE);
                request.response().end("hello " + peer.name() + " over " + request.sslSession().getProtocol());
            } catch (PeerRejected e) {
                request.response().setStatusCode(403).end(e.getMessage());
            }
        };
    }

    /** One GET on a new client (so a new connection and handshake), closed afterwards. */
    static Reply get(Vertx vertx, int port, HttpClientOptions options) throws Exception {
        HttpClientAgent client = vertx.createHttpClient(options);
        try {
            return get(client, port);
        } finally {
            await(client.close());
        }
    }

    /**
     * Nested, not chained: the body handler is then set in the callback that delivers the
     * response on the event loop. Chained from a test thread, that callback may run later than the
     * response's body arrives, and the request times out under load.
     */
    static Reply get(HttpClientAgent client, int port) throws Exception {
        return await(client.request(HttpMethod.GET, port, HOST, "/")
                .compose(request -> request.send()
                        .compose((HttpClientResponse response) -> response.body()
                                .map(body -> new Reply(response.statusCode(), body.toString())))));
    }

    /** True if a GET with {@code options} fails in the TLS handshake; false if it gets an answer. */
    static boolean refused(Vertx vertx, int port, HttpClientOptions options) throws Exception {
        try {
            get(vertx, port, options);
            return false;
        } catch (ExecutionException e) {
            assertThat(isTlsFailure(e)).as("TLS failure in cause chain of %s", e).isTrue();
            return true;
        }
    }

    /** The request must fail in the TLS handshake (not for some unrelated reason). */
    static void assertHandshakeFails(Vertx vertx, int port, HttpClientOptions options) {
        assertThatThrownBy(() -> get(vertx, port, options))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(isTlsFailure(e)).as("TLS failure in cause chain of %s", e).isTrue());
    }

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
