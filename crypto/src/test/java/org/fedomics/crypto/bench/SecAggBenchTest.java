package org.fedomics.crypto.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecAggBenchTest {

    @Test
    void run_smallGrid_printsOneCheckedRowPerConfiguration() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<SecAggBench.Row> rows = SecAggBench.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new SecAggBench.Grid(List.of(3, 6), List.of(500), List.of(0.0, 0.3)));

        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.sumMatchesPlain()).isTrue();
            assertThat(row.nodeSecondsMean()).isPositive();
            assertThat(row.coordinatorSeconds()).isPositive();
            assertThat(row.plainCoordinatorSeconds()).isPositive();
            // the masked input alone is 4 bytes per parameter at k = 32
            assertThat(row.bytesSentPerNode()).isGreaterThan(4L * row.params());
            assertThat(row.expansionOverFloat32()).isEqualTo(row.bytesSentPerNode() / (4.0 * row.params()), org.assertj.core.api.Assertions.within(1e-3));
        });
        assertThat(rows.get(3).nodes()).isEqualTo(6);
        assertThat(rows.get(3).threshold()).isEqualTo(4);
        assertThat(rows.get(3).survivors()).isEqualTo(4);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("fedomics secagg bench").contains("x f32").contains("plain nd");
        assertThat(table.lines().filter(line -> line.endsWith("| ok"))).hasSize(4);
    }

    @Test
    void grid_dropoutBelowThresholdOrOutOfRange_refusedNamingTheOption() {
        assertThatThrownBy(() -> new SecAggBench.Grid(List.of(10), List.of(100), List.of(0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--dropout 0.5 leaves 5 of 10 nodes, below the threshold 6");
        assertThatThrownBy(() -> new SecAggBench.Grid(List.of(2), List.of(100), List.of(0.0))).hasMessageContaining("--nodes 2");
        assertThatThrownBy(() -> new SecAggBench.Grid(List.of(3), List.of(0), List.of(0.0))).hasMessageContaining("--params 0");
        assertThatThrownBy(() -> new SecAggBench.Grid(List.of(3), List.of(10), List.of(1.0))).hasMessageContaining("--dropout 1.0");
        assertThatThrownBy(() -> new SecAggBench.Grid(List.of(), List.of(10), List.of(0.0))).hasMessageContaining("at least one value");
    }

    @Test
    void parseLists_commaSeparated() {
        assertThat(SecAggBench.parseInts(SecAggBench.DEFAULT_NODES)).containsExactly(3, 10, 50, 100);
        assertThat(SecAggBench.parseDoubles("0, 0.1")).containsExactly(0.0, 0.1);
    }
}
