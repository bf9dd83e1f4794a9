package org.fedomics.crypto.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CryptoBenchTest {

    @Test
    void run_smallFile_printsEveryRowAndCleansUp() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String tmp = System.getProperty("java.io.tmpdir");
        long before = countBenchDirs(tmp);

        CryptoBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), 4L << 20);

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("file 4 MiB")
                .contains("at-rest encrypt (write + fsync + move)").contains("at-rest decrypt (stream)")
                .contains("at-rest decrypt (seekable, range per thread)").contains("plain read (page cache)")
                .contains("token verifications").contains("artifact verifications")
                .contains("mutual TLS 1.3 handshakes");
        assertThat(table.lines().filter(line -> line.matches(".*\\d+\\.\\d (MiB)?/?s.*"))).hasSizeGreaterThanOrEqualTo(9);
        assertThat(countBenchDirs(tmp)).isEqualTo(before);
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

    private static long countBenchDirs(String tmp) throws Exception {
        try (var paths = java.nio.file.Files.list(java.nio.file.Path.of(tmp))) {
            return paths.filter(p -> p.getFileName().toString().startsWith("fedomics-bench")).count();
        }
    }
}
