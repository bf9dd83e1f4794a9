package org.fedomics.crypto.token;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Es256SigningTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 6979 appendix A.2.5: ECDSA on P-256 with SHA-256 and deterministic nonces. */
    @ParameterizedTest
    @CsvSource({
        "sample, EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8",
        "test, F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"
    })
    void signP1363_matchesRfc6979KnownAnswers(String message, String expected) throws Exception {
        ECPrivateKey key = p256PrivateKey(new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16));

        byte[] signature = Es256Signatures.signP1363(Es256Signatures.SigningKey.of(key), message.getBytes(UTF_8));

        assertThat(HEX.formatHex(signature)).isEqualToIgnoringCase(expected);
    }

    @Test
    void signP1363_verifiesWithTheJdkAndOurVerifier_forRandomMessages() throws Exception {
        KeyPair keys = Forge.p256();
        Es256Signatures.SigningKey key = Es256Signatures.SigningKey.of((ECPrivateKey) keys.getPrivate());
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);

            byte[] signature = Es256Signatures.signP1363(key, message);

            assertThat(signature).hasSize(Es256Signatures.SIGNATURE_BYTES);
            assertThat(Es256Signatures.verifyP1363((ECPublicKey) keys.getPublic(), message, signature)).isTrue();
            Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format", "SunEC");
            jdk.initVerify(keys.getPublic());
            jdk.update(message);
            assertThat(jdk.verify(signature)).isTrue();
            message = message.length == 0 ? new byte[] {1} : message;
            message[0] ^= 1;
            assertThat(Es256Signatures.verifyP1363((ECPublicKey) keys.getPublic(), message, signature)).isFalse();
        }
    }

    @Test
    void signing_leavesBouncyCastleADrbgPerThread_noRandomSharedBetweenSigners() throws Exception {
        KeyPair keys = Forge.p256();
        Es256Signatures.signP1363(Es256Signatures.SigningKey.of((ECPrivateKey) keys.getPrivate()), new byte[] {1});

        SecureRandom here = CryptoServicesRegistrar.getSecureRandom();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            SecureRandom there = other.submit(() -> CryptoServicesRegistrar.getSecureRandom()).get();

            assertThat(here.getAlgorithm()).isEqualTo("DRBG");
            assertThat(CryptoServicesRegistrar.getSecureRandom()).isSameAs(here);
            assertThat(there).isNotSameAs(here);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void signingKey_refusesAnotherCurve() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        ECPrivateKey p384 = (ECPrivateKey) generator.generateKeyPair().getPrivate();

        assertThatThrownBy(() -> Es256Signatures.SigningKey.of(p384))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("P-256");
    }

    @Test
    void signingKey_toStringNamesNoSecret() throws Exception {
        ECPrivateKey key = (ECPrivateKey) Forge.p256().getPrivate();

        assertThat(Es256Signatures.SigningKey.of(key).toString())
                .doesNotContain(key.getS().toString(16))
                .doesNotContain(key.getS().toString());
    }

    private static ECPrivateKey p256PrivateKey(BigInteger d) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec));
    }
}
