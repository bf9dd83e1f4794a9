package org.fedomics.consent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    @Test
    void header_namesTheHeapAndCollectorOptions_neverProperties() {
        assertThat(BenchTable.heapOptions(List.of("-Xmx4g", "-Djavax.net.ssl.keyStorePassword=hunter2", "-XX:+UseZGC",
                "-XX:SoftMaxHeapSize=1g", "--add-opens=java.base/java.lang=ALL-UNNAMED")))
                .isEqualTo(", -Xmx4g -XX:+UseZGC -XX:SoftMaxHeapSize=1g");
        assertThat(BenchTable.heapOptions(List.of("-Dfedomics.pg.tests=1"))).isEmpty();
    }

    @Test
    void header_thenColumnTitles_thenEachRowAsAdded() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchTable table = new BenchTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), "fedomics test bench");

        table.row("decisions", "10 records", "5 /s", null);

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("fedomics test bench: Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, max heap ");
        assertThat(lines.get(1)).startsWith("measurement").contains("scale", "result", "note");
        assertThat(lines.get(2)).startsWith("decisions").contains("10 records", "5 /s");
    }
}
