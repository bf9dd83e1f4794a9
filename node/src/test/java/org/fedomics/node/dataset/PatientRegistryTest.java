package org.fedomics.node.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.fedomics.crypto.aead.EncryptedFiles;
import org.fedomics.crypto.aead.MasterKeyStore;
import org.fedomics.crypto.aead.Passphrase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample-to-pseudonym mapping: persisted encrypted, merged on every enrollment, bound to the node. */
class PatientRegistryTest {
    @TempDir
    Path dir;
    private EncryptedFiles files;
    private Path file;

    @BeforeEach
    void setUp() throws IOException, GeneralSecurityException {
        files = new EncryptedFiles(MasterKeyStore.create(dir.resolve("master.p12"), Passphrase.of("secret".toCharArray())));
        file = dir.resolve("patients.enc");
    }

    @Test
    void enroll_thenReopen_pseudonymsPersist() throws IOException {
        PatientRegistry registry = PatientRegistry.open(file, "hospital-a", files);
        registry.enroll(Map.of("S1", "p-111", "S2", "p-222"));
        registry.enroll(Map.of("S3", "p-333"));

        PatientRegistry reopened = PatientRegistry.open(file, "hospital-a", files);

        assertThat(reopened.pseudonymOf("S1")).contains("p-111");
        assertThat(reopened.pseudonymOf("S2")).contains("p-222");
        assertThat(reopened.pseudonymOf("S3")).contains("p-333");
        assertThat(reopened.isEnrolled("S4")).isFalse();
        assertThat(reopened.pseudonymOf("S4")).isEmpty();
    }

    @Test
    void open_noFileYet_isEmpty() throws IOException {
        PatientRegistry registry = PatientRegistry.open(file, "hospital-a", files);

        assertThat(registry.isEnrolled("S1")).isFalse();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void enroll_file_holdsNoPseudonymOrSampleIdInPlaintext() throws IOException {
        PatientRegistry.open(file, "hospital-a", files).enroll(Map.of("sample-0042", "pseudonym-7f3a"));

        byte[] bytes = Files.readAllBytes(file);

        assertThat(DatasetVaultTest.indexOf(bytes, "sample-0042".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
        assertThat(DatasetVaultTest.indexOf(bytes, "pseudonym-7f3a".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void open_withAnotherNodeName_cannotDecrypt() throws IOException {
        PatientRegistry.open(file, "hospital-a", files).enroll(Map.of("S1", "p-111"));

        assertThatThrownBy(() -> PatientRegistry.open(file, "hospital-b", files)).isInstanceOf(IOException.class);
    }
}
