package org.fedomics.crypto.pki;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consortium service's HTTPS server: {@link MutualTls} options, and a CRL that follows the
 * published file while the server runs. Each newly accepted list applies to new handshakes
 * ({@link HttpServer#updateSSLOptions}), and connections already open from a certificate it
 * revokes are closed, so a revoked node cannot keep using a keep-alive connection.
 */
public final class MutualTlsServer {

    private static final Logger LOG = LoggerFactory.getLogger(MutualTlsServer.class);

    private final HttpServer server;
    private final Credential credential;
    private final ClientAuth clientAuth;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private RevocationList applied;

    private MutualTlsServer(HttpServer server, Credential credential, ClientAuth clientAuth, RevocationList applied) {
        this.server = server;
        this.credential = credential;
        this.clientAuth = clientAuth;
        this.applied = applied;
    }

    /** Starts a server presenting {@code credential}, refusing the certificates {@code revocations} lists now and later. */
    public static Future<MutualTlsServer> listen(Vertx vertx, Credential credential, ClientAuth clientAuth,
            CrlReloader revocations, Handler<HttpServerRequest> handler, String host, int port) {
        Objects.requireNonNull(revocations, "revocations");
        Objects.requireNonNull(handler, "handler");
        RevocationList initial = revocations.current();
        HttpServer server = vertx.createHttpServer(MutualTls.serverOptions(credential, clientAuth, List.of(initial.crl())));
        MutualTlsServer tls = new MutualTlsServer(server, credential, clientAuth, initial);
        server.connectionHandler(tls::track).requestHandler(handler);
        return server.listen(port, host).map(listening -> {
            revocations.subscribe(initial, tls::apply);
            return tls;
        });
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** The revocation list new handshakes are checked against. */
    public synchronized RevocationList revocations() {
        return applied;
    }

    public Future<Void> close() {
        return server.close();
    }

    private void track(HttpConnection connection) {
        connections.add(connection);
        connection.closeHandler(closed -> connections.remove(connection));
    }

    private void apply(RevocationList list) {
        synchronized (this) {
            if (!list.isNewerThan(applied)) {
                return;
            }
            applied = list;
        }
        server.updateSSLOptions(MutualTls.serverSslOptions(credential, clientAuth, List.of(list.crl())))
                .onSuccess(updated -> closeRevoked(list))
                .onFailure(e -> LOG.error("could not apply revocation list number {} to the server on port {}",
                        list.number(), server.actualPort(), e));
    }

    private void closeRevoked(RevocationList list) {
        for (HttpConnection connection : connections) {
            X509Certificate peer = peerCertificate(connection);
            if (peer != null && list.isRevoked(peer)) {
                LOG.info("closing a connection from {}: its certificate (serial {}) is revoked by list number {}",
                        peer.getSubjectX500Principal().getName(), peer.getSerialNumber().toString(16), list.number());
                connection.close();
            }
        }
    }

    private static X509Certificate peerCertificate(HttpConnection connection) {
        if (!connection.isSsl()) {
            return null;
        }
        try {
            List<Certificate> chain = connection.peerCertificates();
            return chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf ? leaf : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // a person's browser: no client certificate, nothing to revoke
        }
    }
}
