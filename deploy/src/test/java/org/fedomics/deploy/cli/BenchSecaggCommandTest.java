package org.fedomics.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSecaggCommandTest {
    @TempDir
    Path temp;

    @Test
    void benchSecagg_smallGrid_writesOneJsonRowPerConfiguration() throws Exception {
        Path json = temp.resolve("secagg.json");
        StringWriter err = new StringWriter();
        int exit = FedomicsCommand.execute(new PrintWriter(err, true), "bench", "secagg", "--nodes", "3,5", "--params", "200",
                "--dropout", "0,0.2", "--json", json.toString());
        assertThat(exit).as(err.toString()).isZero();
        JsonNode rows = new ObjectMapper().readTree(json.toFile());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(3).get("nodes").asInt()).isEqualTo(5);
        assertThat(rows.get(3).get("survivors").asInt()).isEqualTo(4);
        for (JsonNode row : rows) {
            assertThat(row.get("sum_matches_plain").asBoolean()).isTrue();
            assertThat(row.get("expansion_over_float32").asDouble()).isGreaterThan(1.0);
            assertThat(row.get("coordinator_ratio").asDouble()).isPositive();
        }
    }

    @Test
    void benchSecagg_dropoutLeavingTooFewNodes_failsWithOneLine() {
        StringWriter err = new StringWriter();
        int exit = FedomicsCommand.execute(new PrintWriter(err, true), "bench", "secagg", "--nodes", "10", "--dropout", "0.6");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .isEqualTo("fedomics: --dropout 0.6 leaves 4 of 10 nodes, below the threshold 6");
    }
}
