package org.fedomics.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseTest {

    @TempDir
    Path dir;

    @Test
    void fromFile_withTrailingNewline_dropsOnlyTheLineBreak() throws Exception {
        Path file = dir.resolve("pass");
        Files.writeString(file, " s3cret pässword \r\n");
        assertThat(Passphrase.fromFile(file).chars()).isEqualTo(" s3cret pässword ".toCharArray());
    }

    @Test
    void fromFile_missing_failsNamingFileOnly() {
        Path file = dir.resolve("absent");
        assertThatThrownBy(() -> Passphrase.fromFile(file)).isInstanceOf(IOException.class)
                .hasMessage("passphrase file " + file + " does not exist");
    }

    @Test
    void fromFile_empty_fails() throws Exception {
        Path file = dir.resolve("empty");
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> Passphrase.fromFile(file)).isInstanceOf(IOException.class).hasMessageContaining("empty");
    }

    @Test
    void fromEnvironment_unsetVariable_failsNamingVariable() {
        assertThatThrownBy(() -> Passphrase.fromEnvironment("FEDOMICS_TEST_SURELY_UNSET_VARIABLE"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("passphrase environment variable FEDOMICS_TEST_SURELY_UNSET_VARIABLE is not set or empty");
    }

    @Test
    void fromEnvironment_setVariable_readsValue() {
        String name = System.getenv().containsKey("PATH") ? "PATH" : System.getenv().keySet().iterator().next();
        assertThat(Passphrase.fromEnvironment(name).chars()).isEqualTo(System.getenv(name).toCharArray());
    }

    @Test
    void chars_modifiedByCaller_passphraseUnchanged() {
        char[] source = "secret".toCharArray();
        Passphrase passphrase = Passphrase.of(source);
        source[0] = 'X';
        char[] copy = passphrase.chars();
        copy[1] = 'Y';
        assertThat(passphrase.chars()).isEqualTo("secret".toCharArray());
    }

    @Test
    void toString_always_redacted() {
        assertThat(Passphrase.of("secret".toCharArray())).hasToString("Passphrase[redacted]");
    }
}
