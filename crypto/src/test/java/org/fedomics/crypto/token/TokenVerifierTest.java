package org.fedomics.crypto.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The attack classes of issue 3, each against the verifier as a whole. */
class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String ISS = "https://consent.fedomics.test";
    private static final String AUD = "fedomics-consent";
    private static final String TYP = "patient+jwt";

    private final KeyPair keys = Forge.p256();
    private final ECPrivateKey privateKey = (ECPrivateKey) keys.getPrivate();
    private final ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
    private final String kid = KeyIds.thumbprint(publicKey);
    private final TokenIssuer issuer = new TokenIssuer(privateKey, kid, ISS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MutableClock clock = new MutableClock(NOW);
    private final TokenVerifier verifier = new TokenVerifier(List.of(PinnedKey.es256(publicKey)),
            TokenVerifier.Expectations.of(ISS, AUD, TYP), clock);

    @Test
    void verify_issuedToken_returnsSubjectRolesAndExpiry() throws Exception {
        String token = issuer.issue(TYP, "pseudo-7f3a", AUD, List.of("patient"), Duration.ofMinutes(15),
                Map.of("study", "s-42"));
        VerifiedToken verified = verifier.verify(token);
        assertThat(verified.subject()).isEqualTo("pseudo-7f3a");
        assertThat(verified.roles()).containsExactly("patient");
        assertThat(verified.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(verified.issuedAt()).isEqualTo(NOW);
        assertThat(verified.issuer()).isEqualTo(ISS);
        assertThat(verified.keyId()).isEqualTo(kid);
        assertThat(verified.claims()).containsEntry("study", "s-42");
        assertThat(verified.toString()).doesNotContain("pseudo-7f3a");
    }

    @Test
    void verify_handForgedValidToken_acceptedSoTheAttackTestsAreMeaningful() throws Exception {
        assertThat(verifier.verify(Forge.es256(header(), claims(), privateKey)).subject()).isEqualTo("p-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void verify_algNoneInAnyCase_rejected(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\"}";
        assertRejected(Forge.signingInput(header, claims()) + ".");
        assertRejected(Forge.withSignature(header, claims(), Forge.p1363(new byte[1], privateKey)));
    }

    @Test
    void verify_hs256SignedWithThePublicKey_rejected() {
        String header = "{\"alg\":\"HS256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\"}";
        assertRejected(Forge.hs256(header, claims(), publicKey.getEncoded()));
        assertRejected(Forge.hs256(header, claims(), kid.getBytes(UTF_8)));
    }

    @Test
    void verify_headerJwkWithAttackerKey_rejected() {
        KeyPair attacker = Forge.p256();
        String jwk = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) attacker.getPublic()).keyID(kid).build().toJSONString();
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\",\"jwk\":" + jwk + "}";
        assertRejected(Forge.es256(header, claims(), (ECPrivateKey) attacker.getPrivate()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u"})
    void verify_jkuOrX5uHeader_rejectedEvenWhenSignedByPinnedKey(String parameter) {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\",\"" + parameter
                + "\":\"https://attacker.example/keys\"}";
        assertRejected(Forge.es256(header, claims(), privateKey));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "' OR 1=1", "' OR 1=1 --", "../../../../dev/null", "http://attacker.example/k"})
    void verify_injectedKid_rejected(String injected) {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + injected + "\"}";
        assertRejected(Forge.es256(header, claims(), privateKey));
    }

    @Test
    void verify_missingKid_rejected() {
        assertRejected(Forge.es256("{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\"}", claims(), privateKey));
    }

    @Test
    void verify_attackerKeyUsingPinnedKid_rejected() {
        KeyPair attacker = Forge.p256();
        assertRejected(Forge.es256(header(), claims(), (ECPrivateKey) attacker.getPrivate()));
    }

    @Test
    void verify_expired_rejected() {
        String token = issuer.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5));
        clock.set(NOW.plus(Duration.ofMinutes(6)).plusSeconds(1)); // beyond exp + 60 s skew
        assertRejected(token);
    }

    @Test
    void verify_expiredWithinSkew_accepted() throws Exception {
        String token = issuer.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5));
        clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(30));
        assertThat(verifier.verify(token).subject()).isEqualTo("p-1");
    }

    @Test
    void verify_nbfInFuture_rejected() {
        long now = NOW.getEpochSecond();
        assertRejected(Forge.es256(header(), claims(now, now + 600, "\"nbf\":" + (now + 300) + ","), privateKey));
    }

    @Test
    void verify_iatInFuture_rejected() {
        long now = NOW.getEpochSecond();
        assertRejected(Forge.es256(header(), claims(now + 3600, now + 7200, ""), privateKey));
    }

    @Test
    void verify_lifetimeBeyondMaximum_rejected() {
        long now = NOW.getEpochSecond();
        assertRejected(Forge.es256(header(), claims(now, now + 25 * 3600, ""), privateKey));
    }

    @Test
    void verify_wrongAudience_rejected() {
        assertRejected(issuer.issue(TYP, "p-1", "fedomics-coordinator", List.of(), Duration.ofMinutes(5)));
    }

    @Test
    void verify_wrongIssuer_rejected() {
        TokenIssuer other = new TokenIssuer(privateKey, kid, "https://evil.test", Clock.fixed(NOW, ZoneOffset.UTC));
        assertRejected(other.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"researcher+jwt", "PATIENT+JWT", "JWT", "application/patient+jwt"})
    void verify_wrongType_rejected(String type) {
        assertRejected(issuer.issue(type, "p-1", AUD, List.of(), Duration.ofMinutes(5)));
    }

    @Test
    void verify_missingTyp_rejected() {
        assertRejected(Forge.es256("{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}", claims(), privateKey));
    }

    @Test
    void verify_reusedJti_rejectedSecondTime() throws Exception {
        String token = issuer.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5));
        verifier.verify(token);
        assertRejected(token);
    }

    @Test
    void verifySession_sameTokenTwice_acceptedUntilExpiry() throws Exception {
        String token = issuer.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5));
        assertThat(verifier.verifySession(token).subject()).isEqualTo("p-1");
        assertThat(verifier.verifySession(token).subject()).isEqualTo("p-1");
        clock.set(NOW.plus(Duration.ofMinutes(7)));
        assertThatThrownBy(() -> verifier.verifySession(token)).isInstanceOf(TokenRejectedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "jti", "sub", "iss", "aud"})
    void verify_requiredClaimMissing_rejected(String claim) {
        String json = claims().replaceAll("\"" + claim + "\":(\"[^\"]*\"|[0-9]+),", "");
        assertThat(json).doesNotContain("\"" + claim + "\"");
        assertRejected(Forge.es256(header(), json, privateKey));
    }

    @Test
    void verify_rAndSZero_rejected() {
        assertRejected(Forge.withSignature(header(), claims(), new byte[64]));
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 65, 72})
    void verify_signatureOf63Or65Or72Bytes_rejected(int length) {
        byte[] valid = Forge.p1363(Forge.signingInput(header(), claims()).getBytes(UTF_8), privateKey);
        byte[] resized = Arrays.copyOf(valid, length);
        if (length > 64) {
            // a leading zero byte keeps r's value: a lenient decoder would still accept it
            resized = new byte[length];
            System.arraycopy(valid, 0, resized, length - 64, 64);
        }
        assertRejected(Forge.withSignature(header(), claims(), resized));
    }

    @Test
    void verify_tokenLongerThanTheLimit_rejectedThoughSignedByThePinnedKey() throws Exception {
        String padding = "\"pad\":\"" + "x".repeat(2500) + "\",";
        String atLimit = Forge.es256(header(), claims(NOW.getEpochSecond(), NOW.getEpochSecond() + 300, padding), privateKey);
        String beyond = Forge.es256(header(), claims(NOW.getEpochSecond(), NOW.getEpochSecond() + 300, padding + "\"more\":\""
                + "y".repeat(TokenVerifier.MAX_TOKEN_CHARS - atLimit.length()) + "\","), privateKey);

        assertThat(atLimit.length()).isLessThanOrEqualTo(TokenVerifier.MAX_TOKEN_CHARS);
        assertThat(verifier.verify(atLimit).subject()).isEqualTo("p-1");
        assertThat(beyond.length()).isGreaterThan(TokenVerifier.MAX_TOKEN_CHARS);
        assertRejected(beyond);
    }

    @Test
    void issue_tokenLongerThanTheVerifierAccepts_refused() {
        assertThatThrownBy(() -> issuer.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5),
                Map.of("pad", "x".repeat(TokenVerifier.MAX_TOKEN_CHARS))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than the 4096 a verifier accepts");
    }

    @Test
    void verify_derSignature_rejected() {
        byte[] der = Forge.der(Forge.signingInput(header(), claims()).getBytes(UTF_8), privateKey);
        assertRejected(Forge.withSignature(header(), claims(), der));
    }

    @Test
    void verify_duplicatedMemberInClaims_rejected() {
        String json = claims().replace("\"sub\":\"p-1\",", "\"sub\":\"p-1\",\"sub\":\"admin\",");
        assertRejected(Forge.es256(header(), json, privateKey));
    }

    @Test
    void verify_duplicatedMemberInHeader_rejected() {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\",\"alg\":\"none\"}";
        assertRejected(Forge.es256(header, claims(), privateKey));
    }

    @Test
    void verify_critHeader_rejected() {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\",\"crit\":[\"x\"],\"x\":1}";
        assertRejected(Forge.es256(header, claims(), privateKey));
    }

    @Test
    void verify_rolesNotStrings_rejected() {
        String json = claims().replace("\"roles\":[\"patient\"]", "\"roles\":[{\"admin\":true}]");
        assertRejected(Forge.es256(header(), json, privateKey));
    }

    @Test
    void verify_payloadNotJson_rejected() {
        assertRejected(Forge.es256(header(), "not json", privateKey));
    }

    @Test
    void verify_replayCacheFullOfLiveTokens_failsClosedThenRecoversAfterExpiry() throws Exception {
        TokenVerifier small = new TokenVerifier(List.of(PinnedKey.es256(publicKey)),
                new TokenVerifier.Expectations(ISS, AUD, TYP, Duration.ofSeconds(60), Duration.ofHours(1), 2), clock);
        small.verify(issuer.issue(TYP, "p-1", AUD, List.of(), Duration.ofMinutes(5)));
        small.verify(issuer.issue(TYP, "p-2", AUD, List.of(), Duration.ofMinutes(5)));
        String third = issuer.issue(TYP, "p-3", AUD, List.of(), Duration.ofMinutes(10));
        assertThatThrownBy(() -> small.verify(third)).isInstanceOf(TokenRejectedException.class);

        clock.set(NOW.plus(Duration.ofMinutes(7))); // the first two are past exp + skew and are forgotten
        assertThat(small.verify(third).subject()).isEqualTo("p-3");
    }

    @Test
    void pinnedKey_fromJwkForEncryptionOrPrivateOrOtherAlg_refused() {
        com.nimbusds.jose.jwk.ECKey.Builder base = new com.nimbusds.jose.jwk.ECKey.Builder(
                com.nimbusds.jose.jwk.Curve.P_256, publicKey);
        assertThatThrownBy(() -> PinnedKey.fromJwk(base.keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build()
                .toJSONString())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinnedKey.fromJwk(new com.nimbusds.jose.jwk.ECKey.Builder(
                com.nimbusds.jose.jwk.Curve.P_256, publicKey).privateKey(privateKey).build().toJSONString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private");
        assertThatThrownBy(() -> PinnedKey.fromJwk(new com.nimbusds.jose.jwk.ECKey.Builder(
                com.nimbusds.jose.jwk.Curve.P_256, publicKey).algorithm(com.nimbusds.jose.JWSAlgorithm.HS256).build()
                .toJSONString())).isInstanceOf(IllegalArgumentException.class);
        assertThat(PinnedKey.fromJwk(new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, publicKey)
                .build().toJSONString()).keyId()).isEqualTo(kid);
    }

    @Test
    void pinnedKey_algorithmOtherThanEs256_refused() {
        assertThatThrownBy(() -> new PinnedKey(kid, publicKey, java.util.Set.of("ES256", "HS256")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenRejected_message_isGeneric() {
        assertThatThrownBy(() -> verifier.verify("garbage")).isInstanceOf(TokenRejectedException.class)
                .hasMessage("invalid token");
    }

    private void assertRejected(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenRejectedException.class)
                .hasMessage("invalid token");
    }

    private String header() {
        return "{\"alg\":\"ES256\",\"typ\":\"" + TYP + "\",\"kid\":\"" + kid + "\"}";
    }

    private static String claims() {
        long now = NOW.getEpochSecond();
        return claims(now, now + 300, "");
    }

    private static String claims(long iat, long exp, String extra) {
        return "{\"iss\":\"" + ISS + "\",\"sub\":\"p-1\",\"aud\":\"" + AUD + "\"," + extra
                + "\"iat\":" + iat + ",\"exp\":" + exp + ",\"jti\":\"" + java.util.UUID.randomUUID()
                + "\",\"roles\":[\"patient\"]}";
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
