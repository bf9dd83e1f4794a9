package org.fedomics.crypto.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.fedomics.crypto.Wycheproof;
import org.fedomics.crypto.Wycheproof.Case;
import org.junit.jupiter.api.Test;

/** Wycheproof ECDSA P-256 P1363 and JWS ES256 vectors through the verification path of ArtifactVerifier and TokenVerifier. */
class WycheproofSignatureTest {

    @Test
    void ecdsaP1363_wycheproofVectors_validAcceptedInvalidRejected() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Case c : Wycheproof.cases("ecdsa_secp256r1_sha256_p1363_test.json")) {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(
                    java.util.HexFormat.of().parseHex(c.group().get("publicKeyDer").asText())));
            boolean accepted = Es256Signatures.verifyP1363(key, c.hex("msg"), c.hex("sig"));
            if (c.valid() && !accepted || c.invalid() && accepted) {
                failures.add(c.toString());
            }
            checked++;
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isEqualTo(262);
    }

    @Test
    void jsonWebSignature_es256Vectors_validAcceptedInvalidRejected() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Case c : Wycheproof.cases("json_web_signature_test.json")) {
            var jwk = c.group().get("public");
            if (jwk == null || !"EC".equals(jwk.path("kty").asText()) || !"P-256".equals(jwk.path("crv").asText())) {
                continue; // only P-256 keys: fedomics verifies nothing but ES256
            }
            checked++;
            PinnedKey key;
            try {
                key = PinnedKey.fromJwk(jwk.toString());
            } catch (IllegalArgumentException e) {
                if (c.valid()) {
                    failures.add(c + ": key refused: " + e.getMessage());
                }
                continue; // a key not usable for ES256 verification rejects every token
            }
            String jws = c.text("jws");
            boolean accepted;
            try {
                Es256Jws.verify(jws, key.key());
                accepted = jws != null;
            } catch (Es256Jws.Rejected e) {
                accepted = false;
            }
            if (c.valid() && !accepted || c.invalid() && accepted) {
                failures.add(c.toString());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(41);
    }

    @Test
    void jsonWebSignature_validEs256Vector_acceptedThroughArtifactVerifierOnlyWithTyp() throws Exception {
        Case valid = Wycheproof.cases("json_web_signature_test.json").stream()
                .filter(c -> c.tcId() == 18).findFirst().orElseThrow();
        ECPublicKey key = PinnedKey.fromJwk(valid.group().get("public").toString()).key();
        // the vector has no typ header, which ArtifactVerifier requires: same path, stricter outcome
        assertThatThrownBy(() -> new ArtifactVerifier(key, "any").verify(valid.text("jws")))
                .hasMessage("invalid signature");
        assertThat(Es256Jws.verify(valid.text("jws"), key)).isEqualTo("foo".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
