package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.InvalidKeyException;
import java.util.HexFormat;
import java.util.List;
import org.fedomics.crypto.Wycheproof;
import org.junit.jupiter.api.Test;

class X25519Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void agree_rfc7748Section52Vectors_match() throws Exception {
        assertThat(HEX.formatHex(X25519.agree(
                HEX.parseHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
                HEX.parseHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))))
                .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
        // the RFC prints this u-coordinate with its top bit set; RFC 7748 says to ignore that bit
        assertThat(HEX.formatHex(X25519.agree(
                HEX.parseHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
                HEX.parseHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))))
                .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    }

    @Test
    void agree_rfc7748Section52Iterated_afterOneAndOneThousandRounds_matches() throws Exception {
        byte[] k = HEX.parseHex("0900000000000000000000000000000000000000000000000000000000000000");
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = X25519.agree(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertThat(HEX.formatHex(k)).isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void agree_rfc7748Section61DiffieHellman_bothSidesGetTheSharedSecret() throws Exception {
        byte[] alicePrivate = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = X25519.publicKey(alicePrivate);
        byte[] bobPublic = X25519.publicKey(bobPrivate);
        assertThat(HEX.formatHex(alicePublic)).isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(HEX.formatHex(bobPublic)).isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(X25519.agree(alicePrivate, bobPublic))).isEqualTo(shared);
        assertThat(HEX.formatHex(X25519.agree(bobPrivate, alicePublic))).isEqualTo(shared);
    }

    @Test
    void agree_wycheproofVectors_validMatchAndZeroSharedSecretRefused() {
        List<Wycheproof.Case> cases = Wycheproof.cases("x25519_test.json");
        assertThat(cases).hasSizeGreaterThan(500);
        int zeroShared = 0;
        for (Wycheproof.Case c : cases) {
            byte[] expected = c.hex("shared");
            byte[] shared;
            try {
                shared = X25519.agree(c.hex("private"), c.hex("public"));
            } catch (InvalidKeyException e) {
                assertThat(c.valid()).as("%s rejected: %s", c, e.getMessage()).isFalse();
                continue;
            }
            assertThat(X25519.isAllZero(expected)).as("%s: an all-zero shared secret must be refused", c).isFalse();
            assertThat(shared).as(c.toString()).containsExactly(expected);
        }
        for (Wycheproof.Case c : cases) {
            if (X25519.isAllZero(c.hex("shared"))) {
                zeroShared++;
                assertThatThrownBy(() -> X25519.agree(c.hex("private"), c.hex("public"))).as(c.toString())
                        .isInstanceOf(InvalidKeyException.class);
            }
        }
        assertThat(zeroShared).isGreaterThan(20);
    }

    @Test
    void rejectReason_everyWycheproofPublicKeyGivingAZeroSecret_isRefusedBeforeAnyAgreement() {
        for (Wycheproof.Case c : Wycheproof.cases("x25519_test.json")) {
            if (X25519.isAllZero(c.hex("shared"))) {
                assertThat(X25519.rejectReason(c.hex("public"))).as(c.toString()).isNotNull();
            }
        }
    }

    @Test
    void rejectReason_freshKeysAccepted_malformedKeysNamed() {
        byte[] fresh = X25519.generate(TestConsortium.seeded(1)).publicKey();
        assertThat(X25519.rejectReason(fresh)).isNull();
        assertThat(X25519.rejectReason(new byte[31])).isEqualTo("is 31 bytes, not 32");
        assertThat(X25519.rejectReason(new byte[32])).isEqualTo("is a point of small order");
        byte[] highBit = fresh.clone();
        highBit[31] |= (byte) 0x80;
        assertThat(X25519.rejectReason(highBit)).isEqualTo("is not a canonical X25519 encoding");
        byte[] p = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(X25519.rejectReason(p)).isEqualTo("is not a canonical X25519 encoding");
    }

    @Test
    void agree_allZeroSharedSecret_refused() {
        byte[] privateKey = X25519.generate(TestConsortium.seeded(2)).privateKey();
        assertThatThrownBy(() -> X25519.agree(privateKey, new byte[32])).isInstanceOf(InvalidKeyException.class);
        byte[] one = new byte[32];
        one[0] = 1;
        assertThatThrownBy(() -> X25519.agree(privateKey, one)).isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void publicKey_ofGeneratedPrivateKey_matchesTheGeneratedPublicKey() throws Exception {
        X25519.KeyPairBytes pair = X25519.generate(TestConsortium.seeded(3));
        assertThat(X25519.publicKey(pair.privateKey())).containsExactly(pair.publicKey());
    }
}
