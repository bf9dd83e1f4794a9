package org.fedomics.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.coordinator.service.RoundGate;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.TokenVerifier;
import org.fedomics.deploy.consortium.ConsortiumOptions;
import org.fedomics.deploy.consortium.LocalConsortium;
import org.fedomics.deploy.consortium.PeopleClients;
import org.fedomics.deploy.provision.ConsortiumProvisioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JWT attack class of issue 3 against the two endpoints people reach with bearer tokens:
 * the consent service's patient API and the coordinator's researcher API, each served by its real
 * verticle over real TLS 1.3 on 127.0.0.1, as provisioned by {@link LocalConsortium}. Each attack
 * differs from a token the endpoint accepts in one respect only (the control rows show the same
 * forging paths produce accepted tokens), and each is answered exactly as a request without any
 * token: 401, {@code WWW-Authenticate: Bearer}, {@code {"error":"unauthorized"}}.
 *
 * <p>Tokens are built with nimbus-jose-jwt where it can express the attack, and by hand (base64url
 * of crafted JSON, signatures from the JDK) where it cannot. Both endpoints take session tokens,
 * presented with every request until they expire, so a repeated {@code jti} is not an attack on
 * them; the replay cache of single-use tokens is tested in crypto's {@code TokenVerifierTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenAttacksTest {
    private static final String HOST = LocalConsortium.HOST;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private LocalConsortium consortium;
    private WebClient people;
    private Endpoint patientApi;
    private Endpoint researcherApi;
    /** An attacker's key and certificate (another CA), served by the attacker's key server. */
    private Credential attacker;
    private HttpServer keyServer;
    private final AtomicInteger keyServerRequests = new AtomicInteger();

    @BeforeAll
    void startConsortium(@TempDir Path work) throws Exception {
        consortium = LocalConsortium.start(new ConsortiumOptions(work, List.of("hospital-a"), 0, 0, Duration.ofMinutes(2),
                RoundGate.OPEN), Clock.systemUTC(), "test");
        people = PeopleClients.create(consortium.vertx(), consortium.pki().caCertificate());

        List<PatientSession> patients = enrollPatients(2);
        consortium.patientBrowser().choose(patients.get(0), new ConsentChoice("DUO:0000007", List.of("MONDO:0005059"),
                null, null, null, null, null, false)).await();
        patientApi = new Endpoint("consent service /api/v1/me/consent", consortium.consentPort(), "/api/v1/me/consent",
                consortium.pki().consent(), SignedJWT.parse(patients.get(0).token()), patients.get(1).pseudonym(), "researcher+jwt");
        researcherApi = new Endpoint("coordinator /api/v1/studies", consortium.coordinatorPort(), "/api/v1/studies",
                consortium.pki().coordinator(), SignedJWT.parse(consortium.researcherToken("dr-who")), "dr-mallory", "patient+jwt");

        attacker = ConsortiumCa.create("attacker", Clock.systemUTC())
                .issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(HOST), Duration.ofDays(1));
        String jwks = new JWKSet(attackerJwk()).toString();
        String certificate = ConsortiumProvisioner.pem(attacker.certificate());
        keyServer = consortium.vertx().createHttpServer().requestHandler(request -> {
            keyServerRequests.incrementAndGet();
            request.response().end(request.path().endsWith(".pem") ? certificate : jwks);
        }).listen(0, HOST).await();
    }

    @AfterAll
    void stop() {
        if (consortium != null) {
            people.close();
            consortium.close();
        }
    }

    private List<PatientSession> enrollPatients(int count) {
        WebClient node = WebClient.create(consortium.vertx(),
                new WebClientOptions(MutualTls.clientOptions(consortium.pki().nodes().get("hospital-a"))));
        try {
            EnrollmentBatch batch = ApiClient.json(new ApiClient(node, HOST, consortium.consentPort())
                    .postJson("/node/v1/enrollments", new EnrollmentRequest(count), Map.of()), EnrollmentBatch.class).await();
            return batch.enrollments().stream()
                    .map(entry -> consortium.patientBrowser().redeem(entry.enrollmentCode(), "a passphrase for this test").await()
                            .session()).toList();
        } finally {
            node.close();
        }
    }

    // ---- the table ------------------------------------------------------------------------------

    Stream<Arguments> attacks() {
        return Stream.of(patientApi, researcherApi).flatMap(endpoint -> attackTable().stream()
                .map(attack -> Arguments.of(endpoint, attack.name(), attack)));
    }

    private List<Attack> attackTable() {
        return List.of(
                new Attack("alg none (nimbus PlainJWT)", e -> new PlainJWT(new PlainHeader.Builder()
                        .type(new JOSEObjectType(e.type())).customParam("kid", e.kid()).build(), e.claims().build()).serialize()),
                new Attack("alg None, no signature", e -> unsigned(e, "None")),
                new Attack("alg NONE, no signature", e -> unsigned(e, "NONE")),
                new Attack("alg nOnE, no signature", e -> unsigned(e, "nOnE")),
                new Attack("alg none with the signature of a valid token", e -> unsigned(e, "none")
                        + e.valid().split("\\.")[2]),
                new Attack("HS256 keyed with the service's public key (DER)", e -> hs256(e, e.publicKey().getEncoded())),
                new Attack("HS256 keyed with the service's public key (PEM text)", e -> hs256(e, pem(e.publicKey()).getBytes(UTF_8))),
                new Attack("HS256 keyed with the service's public JWK", e -> hs256(e,
                        new ECKey.Builder(Curve.P_256, e.publicKey()).build().toJSONString().getBytes(UTF_8))),
                new Attack("header jwk: the attacker's key, under the service's kid", e -> signedByAttacker(e,
                        e.header().jwk(attackerJwk()))),
                new Attack("header x5c: the attacker's certificate", e -> signedByAttacker(e,
                        e.header().x509CertChain(List.of(attackerCertificate())))),
                new Attack("header jku: the attacker's key set on a loopback server", e -> signedByAttacker(e,
                        e.header().keyID(attackerJwk().getKeyID()).jwkURL(keyServerUri("/jwks.json")))),
                new Attack("header x5u: the attacker's certificate on a loopback server", e -> signedByAttacker(e,
                        e.header().x509CertURL(keyServerUri("/cert.pem")))),
                new Attack("the attacker's key under the service's kid", e -> signedByAttacker(e, e.header())),
                new Attack("kid ../../x", e -> e.sign(e.header().keyID("../../x"), e.claims())),
                new Attack("kid ' OR 1=1", e -> e.sign(e.header().keyID("' OR 1=1"), e.claims())),
                new Attack("kid ' OR 1=1 --", e -> e.sign(e.header().keyID("' OR 1=1 --"), e.claims())),
                new Attack("unknown kid", e -> e.sign(e.header().keyID(UUID.randomUUID().toString()), e.claims())),
                new Attack("no kid", e -> e.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(e.type())),
                        e.claims())),
                new Attack("expired 10 minutes ago", e -> e.sign(e.header(), e.claims(Instant.now().minus(Duration.ofMinutes(20)),
                        Instant.now().minus(Duration.ofMinutes(10))))),
                new Attack("not valid for 10 more minutes (nbf)", e -> e.sign(e.header(), e.claims()
                        .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))))),
                new Attack("issued 10 minutes in the future", e -> e.sign(e.header(), e.claims(Instant.now().plus(Duration.ofMinutes(10)),
                        Instant.now().plus(Duration.ofMinutes(20))))),
                new Attack("wrong audience", e -> e.sign(e.header(), e.claims().audience("fedomics:somewhere-else"))),
                new Attack("wrong issuer", e -> e.sign(e.header(), e.claims().issuer("https://issuer.example"))),
                new Attack("typ JWT", e -> e.sign(e.header().type(JOSEObjectType.JWT), e.claims())),
                new Attack("typ of the other people's API", e -> e.sign(e.header().type(new JOSEObjectType(e.otherType())),
                        e.claims())),
                new Attack("no typ", e -> e.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(e.kid()), e.claims())),
                new Attack("ES256 with r = s = 0", e -> withSignature(e.headerJson(), e.claimsJson(), new byte[64])),
                new Attack("63-byte signature (valid one truncated)", e -> resignedAs(e, sig -> Arrays.copyOf(sig, 63))),
                new Attack("65-byte signature (valid one after a zero byte)", e -> resignedAs(e, sig -> concat(new byte[1], sig))),
                new Attack("72-byte signature (DER-style, both integers padded to 33 bytes)", e -> resignedAs(e, TokenAttacksTest::der72)),
                new Attack("oversized: validly signed, more than " + TokenVerifier.MAX_TOKEN_CHARS + " characters", TokenAttacksTest::oversized),
                new Attack("duplicated member in the header (kid twice, same value)", e -> e.signByHand(duplicate(e.headerJson(),
                        "\"kid\":\"" + e.kid() + "\"", "\"kid\":\"" + e.kid() + "\""), e.claimsJson())),
                new Attack("duplicated member in the payload (sub: own, then another's)", e -> e.signByHand(e.headerJson(),
                        duplicate(e.claimsJson(), "\"sub\":\"" + e.subject() + "\"", "\"sub\":\"" + e.otherSubject() + "\""))),
                new Attack("payload changed after signing (another's subject)", e -> {
                    String[] parts = e.valid().split("\\.");
                    return parts[0] + "." + b64(e.claims().subject(e.otherSubject()).build().toString()) + "." + parts[2];
                }));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("attacks")
    void attack_isAnsweredLikeARequestWithoutToken(Endpoint endpoint, String name, Attack attack) {
        String token = attack.token().apply(endpoint);
        Reply reference = send(endpoint, null);

        Reply reply = send(endpoint, token);

        assertThat(reference.status()).isEqualTo(401);
        assertThat(reply.status()).as(name).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"error\":\"unauthorized\"}").isEqualTo(reference.body());
        assertThat(reply.headers()).containsEntry("www-authenticate", "Bearer").isEqualTo(reference.headers());
        assertThat(keyServerRequests).as("nothing fetched from the key server a header points at").hasValue(0);
    }

    @Test
    void controls_tokensForgedByTheSameMeansWithTheServiceKey_areAccepted() throws Exception {
        for (Endpoint e : List.of(patientApi, researcherApi)) {
            assertThat(send(e, e.real().serialize()).status()).as("%s: the real token", e).isEqualTo(200);
            assertThat(send(e, e.real().serialize()).status()).as("%s: the real token again (a session token)", e).isEqualTo(200);
            assertThat(send(e, e.valid()).status()).as("%s: nimbus, the service key", e).isEqualTo(200);
            assertThat(send(e, e.signByHand(e.headerJson(), e.claimsJson())).status()).as("%s: by hand, the service key", e)
                    .isEqualTo(200);
            String atTheLimit = e.sign(e.header(), e.claims().claim("pad", "x".repeat(2500)));
            assertThat(atTheLimit.length()).isBetween(TokenVerifier.MAX_TOKEN_CHARS - 600, TokenVerifier.MAX_TOKEN_CHARS);
            assertThat(send(e, atTheLimit).status()).as("%s: a large token within the limit", e).isEqualTo(200);
        }
    }

    @Test
    void authorizationHeaderBeyondTheHttpHeaderLimit_isRefusedByTheHttpLayerBeforeAnyTokenCode() {
        // the server's 8 KiB header limit answers before routing; the verifier's own limit is far below it
        Reply reply = send(patientApi, "x".repeat(16 * 1024));

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.body()).doesNotContain("token");
    }

    // ---- forging ----------------------------------------------------------------------------------

    /** A people's API and what its valid tokens look like, learned from a token it issued. */
    record Endpoint(String name, int port, String path, Credential key, SignedJWT real, String otherSubject, String otherType) {

        String type() {
            return real.getHeader().getType().getType();
        }

        String kid() {
            return real.getHeader().getKeyID();
        }

        String subject() {
            try {
                return real.getJWTClaimsSet().getSubject();
            } catch (java.text.ParseException ex) {
                throw new IllegalStateException(ex);
            }
        }

        ECPublicKey publicKey() {
            return (ECPublicKey) key.certificate().getPublicKey();
        }

        /** The header of a valid token. */
        JWSHeader.Builder header() {
            return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type())).keyID(kid());
        }

        /** The claims of a valid token, issued now with a fresh jti. */
        JWTClaimsSet.Builder claims() {
            return claims(Instant.now(), Instant.now().plus(Duration.ofMinutes(5)));
        }

        JWTClaimsSet.Builder claims(Instant issued, Instant expires) {
            try {
                return new JWTClaimsSet.Builder(real.getJWTClaimsSet()).issueTime(Date.from(issued))
                        .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString());
            } catch (java.text.ParseException ex) {
                throw new IllegalStateException(ex);
            }
        }

        String headerJson() {
            return header().build().toString();
        }

        String claimsJson() {
            return claims().build().toString();
        }

        /** A token the endpoint accepts, signed by nimbus with the service key. */
        String valid() {
            return sign(header(), claims());
        }

        String sign(JWSHeader.Builder header, JWTClaimsSet.Builder claims) {
            return signWith((ECPrivateKey) key.privateKey(), header, claims);
        }

        /** ES256 over exactly these JSON texts with the service key (the JDK signs, P1363 form). */
        String signByHand(String headerJson, String claimsJson) {
            String input = b64(headerJson) + "." + b64(claimsJson);
            return input + "." + B64URL.encodeToString(p1363((ECPrivateKey) key.privateKey(), input));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One row: how to build the attack against an endpoint. */
    record Attack(String name, Function<Endpoint, String> token) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String signWith(ECPrivateKey privateKey, JWSHeader.Builder header, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new ECDSASigner(privateKey));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String signedByAttacker(Endpoint e, JWSHeader.Builder header) {
        return signWith((ECPrivateKey) attacker.privateKey(), header, e.claims());
    }

    private ECKey attackerJwk() {
        try {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) attacker.certificate().getPublicKey())
                    .keyIDFromThumbprint().build();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private com.nimbusds.jose.util.Base64 attackerCertificate() {
        try {
            return com.nimbusds.jose.util.Base64.encode(attacker.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private URI keyServerUri(String path) {
        return URI.create("http://" + HOST + ":" + keyServer.actualPort() + path);
    }

    private static String unsigned(Endpoint e, String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"" + e.type() + "\",\"kid\":\"" + e.kid() + "\"}";
        return b64(header) + "." + b64(e.claimsJson()) + ".";
    }

    private static String hs256(Endpoint e, byte[] secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(e.type()))
                    .keyID(e.kid()).build(), e.claims().build());
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A valid header and payload with the valid signature reshaped. */
    private static String resignedAs(Endpoint e, Function<byte[], byte[]> reshape) {
        String header = e.headerJson();
        String claims = e.claimsJson();
        byte[] valid = p1363((ECPrivateKey) e.key().privateKey(), b64(header) + "." + b64(claims));
        byte[] reshaped = reshape.apply(valid);
        assertThat(reshaped.length).isNotEqualTo(64);
        return withSignature(header, claims, reshaped);
    }

    /** SEQUENCE { INTEGER 0x00||r, INTEGER 0x00||s }: what a lenient verifier would transcode back to r||s. */
    private static byte[] der72(byte[] p1363) {
        byte[] der = new byte[72];
        der[0] = 0x30;
        der[1] = 70;
        der[2] = 0x02;
        der[3] = 33;
        System.arraycopy(p1363, 0, der, 5, 32);
        der[37] = 0x02;
        der[38] = 33;
        System.arraycopy(p1363, 32, der, 40, 32);
        return der;
    }

    private static String oversized(Endpoint e) {
        String token = e.sign(e.header(), e.claims().claim("pad", "x".repeat(3300)));
        assertThat(token.length()).isBetween(TokenVerifier.MAX_TOKEN_CHARS + 1, 6000); // under the 8 KiB HTTP header limit
        return token;
    }

    /** {@code json} with {@code member} followed by {@code again}: the same JSON with one member given twice. */
    private static String duplicate(String json, String member, String again) {
        assertThat(json).contains(member);
        return json.replace(member, member + "," + again);
    }

    private static String withSignature(String headerJson, String claimsJson, byte[] signature) {
        return b64(headerJson) + "." + b64(claimsJson) + "." + B64URL.encodeToString(signature);
    }

    private static byte[] p1363(ECPrivateKey key, String signingInput) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key);
            signature.update(signingInput.getBytes(UTF_8));
            return signature.sign();
        } catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String b64(String text) {
        return B64URL.encodeToString(text.getBytes(UTF_8));
    }

    private static String pem(ECPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    // ---- HTTP -------------------------------------------------------------------------------------

    private record Reply(int status, String body, Map<String, String> headers) {
    }

    /** GET the endpoint as a person's client (TLS 1.3, the consortium CA only, no client certificate). */
    private Reply send(Endpoint endpoint, String token) {
        HttpRequest<Buffer> request = people.get(endpoint.port(), HOST, endpoint.path()).timeout(30_000);
        if (token != null) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        HttpResponse<Buffer> response = request.send().await();
        return new Reply(response.statusCode(), response.body() == null ? "" : response.bodyAsString(), headers(response.headers()));
    }

    private static Map<String, String> headers(MultiMap headers) {
        Map<String, String> all = new TreeMap<>();
        headers.forEach(h -> all.merge(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b));
        return all;
    }
}
