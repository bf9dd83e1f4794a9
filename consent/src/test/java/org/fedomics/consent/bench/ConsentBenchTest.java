package org.fedomics.consent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench runs end to end at a tiny scale and prints every row; its inputs are checked. Times are not asserted. */
class ConsentBenchTest {
    @Test
    void run_atATinyScale_printsTheHeaderAndEveryRow() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ConsentBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), new ConsentBench.Options(5_000, 120, 300, 10_000, 20, 1, 1));

        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table.lines()).hasSize(2 + 9 + 2 + 4);
        assertThat(table).contains("ledger appends: one consent change per transaction", "120 on an H2 file",
                "ledger appends: use reports of 100 patients", "a patient's entries with inclusion proofs",
                "5,000 leaves, in memory", "inclusion proof generation", "inclusion proof verification",
                "consistency proof generation", "consistency proof verification",
                "consent decisions per second of the thread's CPU time", "consent decisions per second of wall-clock time",
                "10,000 records, one thread", "API latency p50: GET /api/v1/me/consent", "API latency p99: GET /api/v1/me/consent",
                "API latency p50: POST /node/v1/snapshots", "API latency p99: POST /node/v1/snapshots", "20 req/s for 1 s");
        // Every request of the second process was answered 2xx: its tokens, certificate and snapshot body are valid.
        assertThat(table.lines().filter(line -> line.contains("20 answered, 0 errors;"))).hasSize(2);
    }

    @Test
    void parseCount_readsDecimalSuffixes_andRefusesAnythingElse() {
        assertThat(ConsentBench.parseCount("10m")).isEqualTo(10_000_000);
        assertThat(ConsentBench.parseCount("500K")).isEqualTo(500_000);
        assertThat(ConsentBench.parseCount("5000")).isEqualTo(5_000);
        assertThatThrownBy(() -> ConsentBench.parseCount("10x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10x");
        assertThatThrownBy(() -> ConsentBench.parseCount("-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsentBench.parseCount("1.5m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void run_withMoreLeavesThanTheHeapHolds_failsBeforeBuildingAnything() {
        long tooMany = Runtime.getRuntime().maxMemory() / 32;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        assertThatThrownBy(() -> ConsentBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new ConsentBench.Options(tooMany, 10, 10, 10, 1, 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Xmx");
        assertThat(bytes.size()).isZero();
    }
}
