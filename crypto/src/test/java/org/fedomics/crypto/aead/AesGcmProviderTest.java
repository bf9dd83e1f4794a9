package org.fedomics.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class AesGcmProviderTest {

    /** The jar ships AWS-LC for Linux x86-64: there, falling back to the JDK would halve decryption speed unnoticed. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void onLinuxX86_64_segmentsDecryptWithCorretto() throws Exception {
        assertThat(AesGcmProvider.description()).startsWith("AmazonCorrettoCryptoProvider");
        assertThat(AesGcmProvider.newCipher().getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }
}
