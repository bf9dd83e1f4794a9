package org.fedomics.consent.service;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.net.KeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.account.InsecureFastPassphrases;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.RedeemRequest;
import org.fedomics.consent.policy.ConsentPolicy;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.portal.PortalRoutes;
import org.fedomics.consent.store.JdbcConsentStore;
import org.fedomics.consent.store.JdbcPatientAccounts;
import org.fedomics.consent.store.JdbcLedger;
import org.fedomics.consent.store.JdbcUseLog;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.ArtifactSigner;

/**
 * The consent service as deployed: a consortium CA, the service's credential, two hospitals'
 * node credentials, an H2 file database, and the verticle (API and portal) on 127.0.0.1, port 0.
 * Callers talk to it as nodes (mutual TLS) or as patients (TLS trusting only the consortium CA, no
 * client certificate). The clock is the tests' to move. Passphrases are hashed at an insecure
 * test cost, so tests can open many accounts.
 */
final class ConsentServer implements AutoCloseable {
    static final String DS = "DUO:0000007";
    static final String GRU = "DUO:0000042";
    static final String LEUKEMIA = "MONDO:0005059";
    static final String ALL = "MONDO:0004967";
    static final String BREAST_CANCER = "MONDO:0007254";
    static final String HOST = "127.0.0.1";
    static final List<String> HOST_NAMES = List.of("127.0.0.1", "localhost");
    static final Duration CRL_CHECK_PERIOD = Duration.ofMillis(50);
    /** The passphrase of every patient {@link #newPatient} opens an account for. */
    static final String PASSPHRASE = "correct horse battery staple";

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final ConsortiumCa ca = ConsortiumCa.create("test", clock);
    final Credential consent = issue(ca, Role.CONSENT, "consent");
    final Credential hospitalA = issue(ca, Role.NODE, "hospital-a");
    final Credential hospitalB = issue(ca, Role.NODE, "hospital-b");
    final Vertx vertx = Vertx.vertx();
    final JdbcConsentStore store;
    final JdbcLedger ledger;
    final PatientTokens tokens;
    /** The CRL the service watches: the tests' CA rewrites it to revoke. */
    final Path crlFile;
    final PatientAccounts accounts;
    /** The API the verticle serves, to mount again on a router of a test's own. */
    final ConsentRoutes routes;
    final int port;
    private final List<WebClient> clients = new ArrayList<>();

    ConsentServer(Path dir) {
        store = JdbcConsentStore.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", new char[0]);
        tokens = new PatientTokens(consent, clock);
        crlFile = dir.resolve("crl.pem");
        publishCrl();
        var service = new ConsentService(store, new JdbcUseLog(store.dataSource()), new ConsentPolicy(DiseaseHierarchy.bundled()),
                new ArtifactSigner(consent), clock);
        accounts = new PatientAccounts(new JdbcPatientAccounts(store.dataSource()), InsecureFastPassphrases.create(), clock);
        ledger = new JdbcLedger(store.dataSource());
        var ledgerService = new LedgerService(ledger, consent, clock);
        routes = new ConsentRoutes(service, accounts, ledgerService, tokens);
        var verticle = new ConsentVerticle(HOST, 0, consent, new CrlFile(crlFile, CRL_CHECK_PERIOD), routes,
                new PortalRoutes(service, accounts, ledgerService, DiseaseHierarchy.bundled(), clock), clock);
        vertx.deployVerticle(verticle).await();
        port = verticle.actualPort();
    }

    /** The consortium CA (re)publishes its CRL; the running service picks it up within {@link #CRL_CHECK_PERIOD}. */
    void publishCrl() {
        try {
            ca.publishCrl(crlFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Credential issue(ConsortiumCa ca, Role role, String name) {
        return ca.issue(new ParticipantIdentity(role, name), HOST_NAMES, Duration.ofDays(1));
    }

    /** A mutual-TLS client presenting {@code credential}. */
    WebClient tlsClient(Credential credential) {
        return track(WebClient.create(vertx, new WebClientOptions(MutualTls.clientOptions(credential))));
    }

    /**
     * A client that trusts this consortium's CA and presents {@code credential}'s certificate
     * whatever CAs the server asks for (a JDK client would otherwise silently send none).
     */
    WebClient forcedCertificateClient(Credential credential) throws GeneralSecurityException, IOException {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("credential", credential.privateKey(), password,
                new Certificate[] {credential.certificate(), credential.caCertificate()});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        X509ExtendedKeyManager delegate = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
        X509ExtendedKeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"credential"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "credential";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "credential";
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return delegate.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return delegate.getPrivateKey(alias);
            }
        };
        WebClientOptions options = new WebClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setEnabledSecureTransportProtocols(MutualTls.PROTOCOLS)
                .setKeyCertOptions(KeyCertOptions.wrap(always))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem(ca.certificate()))));
        return track(WebClient.create(vertx, options));
    }

    /** A node's API client, as a node uses it. */
    ApiClient node(Credential credential) {
        return new ApiClient(tlsClient(credential), HOST, port);
    }

    /** A patient's browser: TLS 1.3, trusting only the consortium CA, no client certificate. */
    WebClient patientClient() {
        return peopleClient(ca.certificate());
    }

    WebClient peopleClient(X509Certificate trusted) {
        WebClientOptions options = new WebClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setEnabledSecureTransportProtocols(MutualTls.PROTOCOLS)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem(trusted))));
        return track(WebClient.create(vertx, options));
    }

    /** Sends a request and returns whatever came back, error statuses included. */
    Reply send(WebClient client, HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        HttpRequest<Buffer> request = client.request(method, port, HOST, uri).timeout(30_000);
        headers.forEach(request::putHeader);
        HttpResponse<Buffer> response = body == null ? request.send().await()
                : request.putHeader("content-type", "application/json").sendBuffer(body).await();
        return new Reply(response.statusCode(), response.body() == null ? Buffer.buffer() : response.body(), response.headers());
    }

    Reply get(WebClient client, String uri, Map<String, String> headers) {
        return send(client, HttpMethod.GET, uri, headers, (Buffer) null);
    }

    Reply sendJson(WebClient client, HttpMethod method, String uri, Map<String, String> headers, Object body) {
        return send(client, method, uri, headers, Buffer.buffer(StrictJson.write(body)));
    }

    Reply sendRaw(WebClient client, HttpMethod method, String uri, Map<String, String> headers, String body) {
        return send(client, method, uri, headers, Buffer.buffer(body));
    }

    /** Enrolls {@code count} patients at {@code hospital}'s node. */
    List<EnrollmentBatch.Entry> enroll(Credential hospital, int count) {
        byte[] body = node(hospital).postJson("/node/v1/enrollments", new EnrollmentRequest(count), Map.of()).await();
        return StrictJson.readTrusted(body, EnrollmentBatch.class).enrollments();
    }

    /** A patient redeems their one-time code with {@link #PASSPHRASE}; the new account's session token speaks for them. */
    NewAccount redeem(String code) {
        Reply reply = sendJson(patientClient(), HttpMethod.POST, "/api/v1/enrollments/redeem", Map.of(),
                new RedeemRequest(code, PASSPHRASE));
        if (reply.status() != 200) {
            throw new AssertionError("redeem answered " + reply.status() + ": " + reply.text());
        }
        return reply.as(NewAccount.class);
    }

    /** Enrolls one patient at {@code hospital} and signs them in. */
    PatientSession newPatient(Credential hospital) {
        return redeem(enroll(hospital, 1).get(0).enrollmentCode()).session();
    }

    Reply choose(PatientSession patient, ConsentChoice choice) {
        return sendJson(patientClient(), HttpMethod.PUT, "/api/v1/me/consent", bearer(patient), choice);
    }

    static Map<String, String> bearer(PatientSession patient) {
        return bearer(patient.token());
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static ConsentChoice diseaseSpecific(String... diseases) {
        return new ConsentChoice(DS, List.of(diseases), null, null, null, null, null, false);
    }

    static ConsentChoice optedOut(ConsentChoice choice) {
        return new ConsentChoice(choice.permission(), choice.diseaseIds(), choice.modifiers(), choice.modifierParameters(),
                choice.permittedStudies(), choice.deniedStudies(), choice.validUntil(), true);
    }

    static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebClient track(WebClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(WebClient::close);
        try {
            vertx.close().await();
        } finally {
            store.close();
        }
    }

    /** An HTTP answer: status, body and headers. */
    record Reply(int status, Buffer body, MultiMap headers) {
        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        /** The service's error message ({@code {"error": ...}}). */
        String error() {
            Object message = StrictJson.readTrusted(body.getBytes(), Map.class).get("error");
            return message == null ? null : message.toString();
        }

        <T> T as(Class<T> type) {
            return StrictJson.readTrusted(body.getBytes(), type);
        }
    }

    /** A clock that stands still until a test moves it. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            // The service reads instants only, which do not depend on the zone.
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
