package org.fedomics.consent.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Argon2idPassphrasesTest {
    /**
     * The reference implementation's own test vector (phc-winner-argon2, src/test.c): Argon2id
     * v=19, m=64 MiB, t=2, p=1, password "password", salt "somesalt".
     */
    private static final String REFERENCE_PHC = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private final Argon2idPassphrases fast = InsecureFastPassphrases.create();

    @Test
    void encode_referenceVector_givesTheReferencePhcString() {
        String encoded = Argon2idPassphrases.encode("password", "somesalt".getBytes(StandardCharsets.US_ASCII),
                new Argon2idCost(65536, 2, 1));

        assertThat(encoded).isEqualTo(REFERENCE_PHC);
    }

    @Test
    void verify_referencePhcString_acceptsOnlyItsPassword() {
        assertThat(fast.verify("password", REFERENCE_PHC)).isTrue();
        assertThat(fast.verify("Password", REFERENCE_PHC)).isFalse();
    }

    @Test
    void hash_isSaltedAndVerifiesOnlyTheSamePassphrase() {
        String first = fast.hash("correct horse battery staple");
        String second = fast.hash("correct horse battery staple");

        assertThat(first).isNotEqualTo(second).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(fast.verify("correct horse battery staple", first)).isTrue();
        assertThat(fast.verify("correct horse battery staple", second)).isTrue();
        assertThat(fast.verify("correct horse battery stapl", first)).isFalse();
        assertThat(fast.verify("correct horse battery staple ", first)).isFalse();
    }

    @Test
    void verify_usesTheCostStoredWithTheHash_soOlderCostsStillVerify() {
        String cheap = fast.hash("correct horse battery staple");
        Argon2idPassphrases stronger = new Argon2idPassphrases(new Argon2idCost(128, 2, 1), new SecureRandom());

        assertThat(stronger.verify("correct horse battery staple", cheap)).isTrue();
    }

    @Test
    void verify_normalizesTheWayAPassphraseWasTyped() {
        // U+FB01 (the "fi" ligature some keyboards produce) and full-width digits are NFKC-equal to their plain forms.
        String stored = fast.hash("finally 1234 words");

        assertThat(fast.verify("\uFB01nally \uFF11\uFF12\uFF13\uFF14 words", stored)).isTrue();
    }

    @Test
    void verify_tamperedOrMalformedHash_neverMatches() {
        String stored = fast.hash("correct horse battery staple");
        char last = stored.charAt(stored.length() - 2);
        String flipped = stored.substring(0, stored.length() - 2) + (last == 'A' ? 'B' : 'A') + stored.charAt(stored.length() - 1);

        for (String bad : new String[] {flipped, stored.replace("argon2id", "argon2i"), stored.replace("v=19", "v=16"),
                stored.replace(",t=1,", ",t=2,"), stored + "A", stored.substring(1), "", "plain text"}) {
            assertThat(fast.verify("correct horse battery staple", bad)).as(bad).isFalse();
        }
        assertThat(fast.verify("correct horse battery staple", null)).isFalse();
    }

    @Test
    void verify_storedCostBeyondTheLimits_isRefusedWithoutHashing() {
        String huge = "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        String manyPasses = "$argon2id$v=19$m=64,t=99,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

        assertThat(fast.verify("password", huge)).isFalse();
        assertThat(fast.verify("password", manyPasses)).isFalse();
    }

    @Test
    void owasp_isTheCheatSheetsFirstArgon2idSetting() {
        assertThat(Argon2idCost.OWASP).isEqualTo(new Argon2idCost(19_456, 2, 1));
        assertThat(Argon2idPassphrases.owasp().cost()).isEqualTo(Argon2idCost.OWASP);
        assertThat(Argon2idPassphrases.owasp().hash("correct horse battery staple")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void cost_outOfRange_isRejectedNamingTheField() {
        assertThatThrownBy(() -> new Argon2idCost(4, 1, 1)).hasMessageContaining("memoryKiB");
        assertThatThrownBy(() -> new Argon2idCost(64, 0, 1)).hasMessageContaining("iterations");
        assertThatThrownBy(() -> new Argon2idCost(64, 1, 0)).hasMessageContaining("parallelism");
    }
}
