package org.fedomics.crypto.aead;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-GCM implementation that decrypts the segments of files at rest: the Amazon Corretto
 * Crypto Provider (AWS-LC's AES-GCM, about twice the JDK 17's speed on 1 MiB segments) where its
 * native library loads and passes its self-tests, otherwise the JDK's. Chosen once per JVM. Only
 * used through {@link Cipher} instances, never installed as a JVM-wide provider, so TLS, tokens
 * and Tink's encryption keep the JDK's providers.
 */
public final class AesGcmProvider {

    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final Logger LOG = LoggerFactory.getLogger(AesGcmProvider.class);
    private static final Provider CHOSEN = choose();

    private AesGcmProvider() {
    }

    /** A new AES-GCM cipher of the chosen provider; one per thread. */
    public static Cipher newCipher() throws GeneralSecurityException {
        return Cipher.getInstance(TRANSFORMATION, CHOSEN);
    }

    /** Name and version of the chosen provider, for logs and benchmark tables. */
    public static String description() {
        return CHOSEN.getName() + " " + CHOSEN.getVersionStr();
    }

    private static Provider choose() {
        try {
            AmazonCorrettoCryptoProvider corretto = AmazonCorrettoCryptoProvider.INSTANCE;
            corretto.assertHealthy();
            Cipher.getInstance(TRANSFORMATION, corretto);
            LOG.debug("AES-GCM for files at rest: {} (AWS-LC {})", corretto.getVersionStr(), corretto.getAwsLcVersionStr());
            return corretto;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // expected off Linux x86-64, where no native library ships in the jar
            LOG.info("AES-GCM for files at rest: the JDK's; the Amazon Corretto Crypto Provider is unavailable ({})",
                    e.toString());
            return jdkProvider();
        }
    }

    private static Provider jdkProvider() {
        try {
            return Cipher.getInstance(TRANSFORMATION).getProvider();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
