package org.fedomics.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.Hkdf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fedomics.crypto.Wycheproof;
import org.fedomics.crypto.Wycheproof.Case;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof vectors for the primitives under the at-rest format: JCE AES-GCM (key wrapping), the
 * AES-GCM that decrypts segments, HKDF and HMAC (Tink's per-file keys).
 */
class WycheproofAeadTest {

    @Test
    void aesGcm_wycheproofVectorsWith128BitTags_validAcceptedInvalidRejected() throws Exception {
        int checked = 0;
        int throughWrapper = 0;
        for (Case c : Wycheproof.cases("aes_gcm_test.json")) {
            if (c.group().get("tagSize").asInt() != JceAesGcm.TAG_BITS) {
                continue; // the wrapper only ever uses 128-bit tags
            }
            byte[] keyBytes = c.hex("key");
            SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] msg = c.hex("msg");
            byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
            boolean wrapperApplies = keyBytes.length == 32 && iv.length == JceAesGcm.NONCE_BYTES;
            if (c.valid()) {
                assertThat(JceAesGcm.open(key, iv, sealed, aad)).as(c.toString()).isEqualTo(msg);
                assertThat(JceAesGcm.seal(key, iv, msg, aad)).as(c.toString()).isEqualTo(sealed);
                if (wrapperApplies) {
                    assertThat(new JceAesGcm(key).decrypt(concat(iv, sealed), aad)).as(c.toString()).isEqualTo(msg);
                    throughWrapper++;
                }
            } else if (c.invalid()) {
                assertThatThrownBy(() -> JceAesGcm.open(key, iv, sealed, aad)).as(c.toString())
                        .isInstanceOf(GeneralSecurityException.class);
                if (wrapperApplies) {
                    assertThatThrownBy(() -> new JceAesGcm(key).decrypt(concat(iv, sealed), aad)).as(c.toString())
                            .isInstanceOf(GeneralSecurityException.class);
                    throughWrapper++;
                }
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(throughWrapper).isGreaterThan(50);
    }

    /**
     * The same vectors against the provider that decrypts segments at rest ({@link AesGcmProvider}:
     * AWS-LC where it loads), through one reused cipher as a segment reader uses it, failures included.
     */
    @Test
    void aesGcm_wycheproofVectorsWith128BitTags_segmentProvider_validAcceptedInvalidRejected() throws Exception {
        Cipher cipher = AesGcmProvider.newCipher();
        int checked = 0;
        for (Case c : Wycheproof.cases("aes_gcm_test.json")) {
            if (c.group().get("tagSize").asInt() != 8 * SegmentLayout.TAG_BYTES) {
                continue; // segments always carry 16-byte tags
            }
            SecretKeySpec key = new SecretKeySpec(c.hex("key"), "AES");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
            if (c.valid()) {
                assertThat(open(cipher, key, iv, aad, sealed)).as(c.toString()).isEqualTo(c.hex("msg"));
            } else if (c.invalid()) {
                assertThatThrownBy(() -> open(cipher, key, iv, aad, sealed)).as(c.toString())
                        .isInstanceOf(GeneralSecurityException.class);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
    }

    @Test
    void hkdfSha256_wycheproofVectors_matchTinkHkdf() throws Exception {
        List<Case> cases = Wycheproof.cases("hkdf_sha256_test.json");
        for (Case c : cases) {
            int size = c.test().get("size").asInt();
            if (c.valid()) {
                byte[] okm = Hkdf.computeHkdf("HMACSHA256", c.hex("ikm"), c.hex("salt"), c.hex("info"), size);
                assertThat(okm).as(c.toString()).isEqualTo(c.hex("okm"));
            } else if (c.invalid()) {
                assertThatThrownBy(() -> Hkdf.computeHkdf("HMACSHA256", c.hex("ikm"), c.hex("salt"), c.hex("info"), size))
                        .as(c.toString()).isInstanceOf(GeneralSecurityException.class);
            }
        }
        assertThat(cases).hasSizeGreaterThan(50);
    }

    @Test
    void hmacSha256_wycheproofVectors_validMatchInvalidDoNot() throws Exception {
        List<Case> cases = Wycheproof.cases("hmac_sha256_test.json");
        for (Case c : cases) {
            int tagBytes = c.group().get("tagSize").asInt() / 8;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(c.hex("key"), "HmacSHA256"));
            byte[] computed = Arrays.copyOf(mac.doFinal(c.hex("msg")), tagBytes);
            boolean matches = MessageDigest.isEqual(computed, c.hex("tag"));
            if (c.valid()) {
                assertThat(matches).as(c.toString()).isTrue();
            } else if (c.invalid()) {
                assertThat(matches).as(c.toString()).isFalse();
            }
        }
        assertThat(cases).hasSizeGreaterThan(50);
    }

    private static byte[] open(Cipher cipher, SecretKeySpec key, byte[] iv, byte[] aad, byte[] sealed)
            throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(8 * SegmentLayout.TAG_BYTES, iv));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
