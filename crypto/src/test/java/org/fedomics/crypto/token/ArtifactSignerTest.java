package org.fedomics.crypto.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactSignerTest {

    private static final String TYPE = "fedomics-model+jws";
    private static final byte[] MODEL = "{\"weights\":[0.25,-1.5]}".getBytes(UTF_8);

    private final KeyPair keys = Forge.p256();
    private final ECPrivateKey privateKey = (ECPrivateKey) keys.getPrivate();
    private final ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
    private final ArtifactSigner signer = new ArtifactSigner(privateKey, KeyIds.thumbprint(publicKey));
    private final ArtifactVerifier verifier = new ArtifactVerifier(publicKey, TYPE);

    @Test
    void sign_thenVerify_returnsPayload() throws Exception {
        String jws = signer.sign(MODEL, TYPE);
        assertThat(verifier.verify(jws)).isEqualTo(MODEL);
    }

    @Test
    void sign_always_headerHasEs256TypAndThumbprintKid() throws Exception {
        JWSObject jws = JWSObject.parse(signer.sign(MODEL, TYPE));
        assertThat(jws.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(jws.getHeader().getType().getType()).isEqualTo(TYPE);
        assertThat(jws.getHeader().getKeyID()).isEqualTo(KeyIds.thumbprint(publicKey)).hasSize(43);
        assertThat(jws.getSignature().decode()).hasSize(64);
    }

    @Test
    void verify_credentialSignerWithCertificateVerifier_returnsPayload() throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("demo", Clock.systemUTC());
        Credential coordinator = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of(),
                Duration.ofDays(1));
        String jws = new ArtifactSigner(coordinator).sign(MODEL, TYPE);
        assertThat(ArtifactVerifier.forCertificate(coordinator.certificate(), TYPE).verify(jws)).isEqualTo(MODEL);
        assertThat(JWSObject.parse(jws).getHeader().getKeyID())
                .isEqualTo(KeyIds.thumbprint((ECPublicKey) coordinator.certificate().getPublicKey()));
    }

    @Test
    void verify_wrongType_rejected() {
        String jws = signer.sign(MODEL, "consent-snapshot+jws");
        assertRejected(jws);
    }

    @Test
    void verify_tamperedPayload_rejected() {
        String[] parts = signer.sign(MODEL, TYPE).split("\\.");
        assertRejected(parts[0] + "." + Forge.b64("{\"weights\":[9.25,-1.5]}") + "." + parts[2]);
    }

    @Test
    void verify_tamperedHeader_rejected() {
        String[] parts = signer.sign(MODEL, TYPE).split("\\.");
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\"}";
        assertRejected(Forge.b64(header) + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void verify_signedByAnotherKey_rejected() {
        KeyPair other = Forge.p256();
        String jws = new ArtifactSigner((ECPrivateKey) other.getPrivate(), KeyIds.thumbprint(publicKey)).sign(MODEL, TYPE);
        assertRejected(jws);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void verify_algNoneAnyCase_rejected(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"" + TYPE + "\"}";
        assertRejected(Forge.signingInput(header, "{}") + ".");
        assertRejected(Forge.withSignature(header, "{}", new byte[64]));
    }

    @Test
    void verify_hs256KeyedWithPublicKeyBytes_rejected() {
        String header = "{\"alg\":\"HS256\",\"typ\":\"" + TYPE + "\"}";
        assertRejected(Forge.hs256(header, "{}", publicKey.getEncoded()));
    }

    @Test
    void verify_embeddedJwkOfAttacker_rejected() throws Exception {
        KeyPair attacker = Forge.p256();
        String jwk = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (ECPublicKey) attacker.getPublic()).build().toJSONString();
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\",\"jwk\":" + jwk + "}";
        assertRejected(Forge.es256(header, "{}", (ECPrivateKey) attacker.getPrivate()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u"})
    void verify_keyUrlHeaderEvenWhenValidlySigned_rejected(String parameter) {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\",\"" + parameter + "\":\"https://attacker.example/k\"}";
        assertRejected(Forge.es256(header, "{}", privateKey));
    }

    @Test
    void verify_critHeader_rejected() {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\",\"crit\":[\"exp\"],\"exp\":1}";
        assertRejected(Forge.es256(header, "{}", privateKey));
    }

    @Test
    void verify_duplicatedHeaderMember_rejected() {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\",\"typ\":\"other\"}";
        assertRejected(Forge.es256(header, "{}", privateKey));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 63, 65, 72})
    void verify_signatureOfWrongLength_rejected(int length) {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\"}";
        byte[] valid = Forge.p1363(Forge.signingInput(header, "{}").getBytes(UTF_8), privateKey);
        byte[] resized = Arrays.copyOf(valid, length);
        assertRejected(Forge.withSignature(header, "{}", resized));
    }

    @Test
    void verify_derEncodedSignature_rejected() {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\"}";
        byte[] der = Forge.der(Forge.signingInput(header, "{}").getBytes(UTF_8), privateKey);
        assertRejected(Forge.withSignature(header, "{}", der));
    }

    @Test
    void verify_rAndSZero_rejected() {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\"}";
        assertRejected(Forge.withSignature(header, "{}", new byte[64]));
    }

    @Test
    void verify_paddedBase64Signature_rejected() {
        assertRejected(signer.sign(MODEL, TYPE) + "=");
    }

    @Test
    void verify_validByHand_acceptedSoTheAttackTestsAreMeaningful() throws Exception {
        String header = "{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\"}";
        assertThat(verifier.verify(Forge.es256(header, "{}", privateKey))).isEqualTo("{}".getBytes(UTF_8));
    }

    @Test
    void constructor_nonP256Key_refused() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        ECPublicKey p384 = (ECPublicKey) generator.generateKeyPair().getPublic();
        assertThatThrownBy(() -> new ArtifactVerifier(p384, TYPE)).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertRejected(String jws) {
        assertThatThrownBy(() -> verifier.verify(jws)).isInstanceOf(GeneralSecurityException.class)
                .hasMessage("invalid signature");
    }
}
