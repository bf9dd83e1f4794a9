package org.fedomics.crypto.pki;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Vert.x TLS options for service-to-service connections inside the consortium: TLS 1.3 only,
 * trusting only the consortium CA (never the JDK's public roots), each side presenting its
 * consortium credential.
 */
public final class MutualTls {

    /** TLS 1.3 only: no legacy renegotiation, downgrade or static-RSA paths to reason about. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.3");

    private static final SecureRandom RANDOM = new SecureRandom();

    private MutualTls() {
    }

    /**
     * Server options presenting {@code credential}, trusting only its CA, refusing client
     * certificates listed in {@code crls}. Each CRL must be signed by the consortium CA (Vert.x
     * itself only compares serial numbers, so an unverified CRL is refused here).
     */
    public static HttpServerOptions serverOptions(Credential credential, ClientAuth clientAuth, List<X509CRL> crls) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(keyCert(credential))
                .setTrustOptions(trust(credential))
                .setClientAuth(clientAuth)
                .setEnabledSecureTransportProtocols(PROTOCOLS);
        for (Buffer crl : verifiedCrls(credential, crls)) {
            options.addCrlValue(crl);
        }
        return options;
    }

    /**
     * The same TLS settings as {@link #serverOptions}, for {@code HttpServer#updateSSLOptions} so a
     * running server picks up a new CRL without a restart.
     */
    public static ServerSSLOptions serverSslOptions(Credential credential, ClientAuth clientAuth, List<X509CRL> crls) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        ServerSSLOptions options = new ServerSSLOptions()
                .setKeyCertOptions(keyCert(credential))
                .setTrustOptions(trust(credential))
                .setClientAuth(clientAuth)
                .setEnabledSecureTransportProtocols(PROTOCOLS);
        for (Buffer crl : verifiedCrls(credential, crls)) {
            options.addCrlValue(crl);
        }
        return options;
    }

    /**
     * Client options presenting {@code credential}, trusting only its CA and verifying that the
     * server certificate names the host dialled (DNS or IP subject alternative name).
     */
    public static HttpClientOptions clientOptions(Credential credential) {
        return new HttpClientOptions()
                .setSsl(true)
                .setKeyCertOptions(keyCert(credential))
                .setTrustOptions(trust(credential))
                .setTrustAll(false)
                .setVerifyHost(true)
                .setEnabledSecureTransportProtocols(PROTOCOLS);
    }

    /** As {@link #clientOptions(Credential)}, also refusing server certificates that {@code revocations} lists. */
    public static HttpClientOptions clientOptions(Credential credential, RevocationList revocations) {
        HttpClientOptions options = clientOptions(credential);
        for (Buffer crl : verifiedCrls(credential, List.of(revocations.crl()))) {
            options.addCrlValue(crl);
        }
        return options;
    }

    /**
     * The same TLS settings as {@link #clientOptions(Credential, RevocationList)}, for
     * {@code updateSSLOptions} of a running client: its new connections check the new list.
     */
    public static ClientSSLOptions clientSslOptions(Credential credential, RevocationList revocations) {
        ClientSSLOptions options = new ClientSSLOptions()
                .setKeyCertOptions(keyCert(credential))
                .setTrustOptions(trust(credential))
                .setTrustAll(false)
                .setHostnameVerificationAlgorithm("HTTPS")
                .setEnabledSecureTransportProtocols(PROTOCOLS);
        for (Buffer crl : verifiedCrls(credential, List.of(revocations.crl()))) {
            options.addCrlValue(crl);
        }
        return options;
    }

    /**
     * The identity of the client of {@code request}, which must have presented a consortium
     * certificate of role {@code expected}.
     *
     * @throws PeerRejected if there is no TLS, no client certificate, or a certificate of another role
     */
    public static ParticipantIdentity requirePeer(HttpServerRequest request, Role expected) {
        Objects.requireNonNull(request, "request");
        return requirePeer(request.connection(), expected);
    }

    /** As {@link #requirePeer(HttpServerRequest, Role)}, for either end of a connection (a client checks its server). */
    public static ParticipantIdentity requirePeer(HttpConnection connection, Role expected) {
        Objects.requireNonNull(expected, "expected");
        if (connection == null || !connection.isSsl()) {
            throw new PeerRejected("connection is not TLS");
        }
        List<Certificate> chain;
        try {
            chain = connection.peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new PeerRejected("peer presented no certificate", e);
        }
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            throw new PeerRejected("peer presented no X.509 certificate");
        }
        ParticipantIdentity identity;
        try {
            identity = PeerIdentity.of(leaf);
        } catch (IllegalArgumentException e) {
            throw new PeerRejected("peer certificate carries no consortium identity: " + e.getMessage(), e);
        }
        if (identity.role() != expected) {
            throw new PeerRejected("peer " + identity.name() + " has role " + identity.role().certName()
                    + ", this endpoint requires " + expected.certName());
        }
        return identity;
    }

    /**
     * Key material as JDK key managers wrapped for Vert.x rather than PEM text: options objects
     * can then be logged or turned into JSON without ever containing the private key.
     */
    private static KeyCertOptions keyCert(Credential credential) {
        Objects.requireNonNull(credential, "credential");
        char[] password = randomPassword();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("credential", credential.privateKey(), password,
                    new Certificate[] {credential.certificate(), credential.caCertificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return KeyCertOptions.wrap(factory);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load credential into a key manager", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Trust exactly the consortium CA: never the JDK's public roots. */
    private static TrustOptions trust(Credential credential) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("consortium-ca", credential.caCertificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return TrustOptions.wrap(factory);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot load consortium CA into a trust manager", e);
        }
    }

    /** The in-memory keystore needs some password; it never leaves this method. */
    private static char[] randomPassword() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }

    private static List<Buffer> verifiedCrls(Credential credential, List<X509CRL> crls) {
        Objects.requireNonNull(crls, "crls");
        X509Certificate ca = credential.caCertificate();
        return crls.stream().map(crl -> {
            try {
                crl.verify(ca.getPublicKey());
                return Buffer.buffer(crl.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("CRL from " + crl.getIssuerX500Principal().getName()
                        + " is not signed by the consortium CA", e);
            }
        }).toList();
    }
}
