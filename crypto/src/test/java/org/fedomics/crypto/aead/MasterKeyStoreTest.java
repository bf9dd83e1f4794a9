package org.fedomics.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void create_newFile_holdsOneAes256KeyAndIsOwnerOnly() throws Exception {
        Path file = dir.resolve("master.p12");
        MasterKeyStore keys = MasterKeyStore.create(file, Passphrase.of("pw".toCharArray()));

        assertThat(keys.keyIds()).containsExactly("master-000001");
        assertThat(keys.currentKeyId()).isEqualTo("master-000001");
        assertThat(keys.key("master-000001").getEncoded()).hasSize(32);
        assertThat(keys.key("master-000001").getAlgorithm()).isEqualTo("AES");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void create_existingFile_failsWithoutTouchingIt() throws Exception {
        Path file = dir.resolve("master.p12");
        Files.writeString(file, "precious");
        assertThatThrownBy(() -> MasterKeyStore.create(file, Passphrase.of("pw".toCharArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("already exists");
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void rotate_twice_newestIsCurrentAndAllPersist() throws Exception {
        Path file = dir.resolve("master.p12");
        MasterKeyStore keys = MasterKeyStore.create(file, Passphrase.of("pw".toCharArray()));
        byte[] first = keys.key("master-000001").getEncoded();
        keys.rotate();
        keys.rotate();

        MasterKeyStore reopened = MasterKeyStore.open(file, Passphrase.of("pw".toCharArray()));
        assertThat(reopened.keyIds()).containsExactly("master-000001", "master-000002", "master-000003");
        assertThat(reopened.currentKeyId()).isEqualTo("master-000003");
        assertThat(reopened.key("master-000001").getEncoded()).isEqualTo(first);
        assertThat(reopened.key("master-000003").getEncoded()).isNotEqualTo(first);
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void retire_currentKey_refused() throws Exception {
        MasterKeyStore keys = MasterKeyStore.create(dir.resolve("master.p12"), Passphrase.of("pw".toCharArray()));
        assertThatThrownBy(() -> keys.retire("master-000001")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("current");
    }

    @Test
    void open_corruptedFile_failsWithClearMessage() throws Exception {
        Path file = dir.resolve("master.p12");
        MasterKeyStore.create(file, Passphrase.of("pw".toCharArray()));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> MasterKeyStore.open(file, Passphrase.of("pw".toCharArray())))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("wrong passphrase or corrupted keystore " + file);
    }

    @Test
    void open_missingFile_failsNamingFile() {
        Path file = dir.resolve("absent.p12");
        assertThatThrownBy(() -> MasterKeyStore.open(file, Passphrase.of("pw".toCharArray())))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void toString_never_showsKeyMaterial() throws Exception {
        MasterKeyStore keys = MasterKeyStore.create(dir.resolve("master.p12"), Passphrase.of("pw".toCharArray()));
        String key = HexFormat.of().formatHex(keys.key(keys.currentKeyId()).getEncoded());
        assertThat(keys.toString()).contains("master-000001").doesNotContain(key).doesNotContain("pw]");
    }
}
