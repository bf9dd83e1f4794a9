package org.fedomics.crypto.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoBenchTest {

    @TempDir
    Path tempDir;

    @Test
    void run_smallWorkload_printsEveryRowAndCleansUp() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        CryptoBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new CryptoBench.Workload(4L << 20, 20, 50, 400, 10, tempDir));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("file 4 MiB")
                .contains("plain write + fsync").contains("encrypt: EncryptedFiles.write")
                .contains("plain read of the same file").contains("decrypt: EncryptedFiles.decryptSegments")
                .contains("decrypt: EncryptedFiles.open").contains("reference: plain read into a 1 MiB direct buffer")
                .contains("plain read of the same file (mmap").contains("reference: AES-GCM decryption alone")
                .contains("reference: JDK AES-GCM decryption alone").contains("AES-GCM for decryption: ")
                .contains("token verifications").contains("artifact verifications")
                .contains("plain HTTP/1.1, kept-alive").contains("mutual TLS 1.3 (+ peer role check), kept-alive")
                .contains("mutual TLS vs plain").contains("mutual TLS 1.3 handshakes");
        assertThat(table).containsPattern("decryption: \\d+% of the plain read on one thread \\(AES-GCM alone, "
                + "with no read at all, would be \\d+%\\); on two threads \\d+% of the one-thread plain read")
                .containsPattern("against the FileChannel read: \\d+% on one thread; against the fastest one-thread "
                        + "plain read above \\(\\d+ MB/s\\): \\d+% on one thread, \\d+% on two");
        // every figure is a positive number: at rest 12 rows, tokens 2, HTTP 3 rows of two figures
        assertThat(table.lines().filter(line -> line.matches(".*\\s[1-9]\\d*(\\s+\\d+%)?\\s*$"))).hasSize(14);
        assertThat(table.lines().filter(line -> line.matches(".*\\s\\d+\\s+\\d+\\.\\d{3} ms$"))).hasSize(3);
        try (Stream<Path> left = Files.list(tempDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void parseSize_withSuffixes_returnsBytes() {
        assertThat(CryptoBench.parseSize("1g")).isEqualTo(1L << 30);
        assertThat(CryptoBench.parseSize("64M")).isEqualTo(64L << 20);
        assertThat(CryptoBench.parseSize("4096")).isEqualTo(4096);
    }

    @Test
    void run_lessThanOneMebibyte_refused() {
        assertThatThrownBy(() -> CryptoBench.run(System.out, 1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
