package org.fedomics.consent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers for the commitment and the leaf format (computed independently with Python's hmac and hashlib). */
class LeafCommitmentTest {
    private static final CommitmentKey KEY = CommitmentKey.of(HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    private static final String PSEUDONYM = "P-0123456789ABCDEF";
    private static final Hash BODY_HASH = Rfc6962.sha256("{\"type\":\"use\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void commitment_isHmacSha256OfLabelPseudonymAndBodyHash() {
        assertThat(BODY_HASH.hex()).isEqualTo("3ed4ef4fc29ee023ff6568f6e4e78ded57639afcaefeae7cbaa02b01664d07a2");
        assertThat(KEY.commit(PSEUDONYM, BODY_HASH).hex())
                .isEqualTo("7fffee704726a28f264650e3740c934bf6dd2c2294f786678a4b5ed22b9bbf5a");
    }

    @Test
    void leafData_isVersionCommitmentBodyHash_andItsLeafHashIsRfc6962s() {
        LeafData leaf = new LeafData(KEY.commit(PSEUDONYM, BODY_HASH), BODY_HASH);

        byte[] bytes = leaf.bytes();
        assertThat(bytes).hasSize(65);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(leaf.leafHash().hex()).isEqualTo("1a75c06ad5d675f0e3b44cd87d52504da494c9bf6db2e0cc11632a58a216cbc0");
        assertThat(LeafData.parse(bytes)).isEqualTo(leaf);
    }

    @Test
    void leafData_ofAnotherLengthOrVersion_isRefused() {
        byte[] bytes = new LeafData(BODY_HASH, BODY_HASH).bytes();
        byte[] longer = java.util.Arrays.copyOf(bytes, 66);
        bytes[0] = 2;

        assertThatThrownBy(() -> LeafData.parse(longer)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 66");
        assertThatThrownBy(() -> LeafData.parse(bytes)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
    }

    @Test
    void commitments_differForAnotherPatientBodyOrKey() {
        Hash commitment = KEY.commit(PSEUDONYM, BODY_HASH);

        assertThat(KEY.commit("P-0123456789ABCDEG", BODY_HASH)).isNotEqualTo(commitment);
        assertThat(KEY.commit(PSEUDONYM, Rfc6962.sha256(new byte[1]))).isNotEqualTo(commitment);
        assertThat(CommitmentKey.generate(new SecureRandom()).commit(PSEUDONYM, BODY_HASH)).isNotEqualTo(commitment);
    }

    @Test
    void commitmentKey_neverShowsInToString_andRoundTripsThroughBase64() {
        assertThat(KEY.toString()).doesNotContain("AAECAwQ").doesNotContain("000102");
        assertThat(CommitmentKey.fromBase64(KEY.base64()).commit(PSEUDONYM, BODY_HASH)).isEqualTo(KEY.commit(PSEUDONYM, BODY_HASH));
        assertThatThrownBy(() -> CommitmentKey.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
