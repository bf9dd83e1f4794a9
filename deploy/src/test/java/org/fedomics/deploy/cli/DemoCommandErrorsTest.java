package org.fedomics.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input to the demo is one line on stderr and a non-zero exit, never a stack trace. */
class DemoCommandErrorsTest {
    @TempDir
    Path temp;

    @Test
    void demo_withOutputUnderAFile_failsWithOneLine() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        StringWriter err = new StringWriter();
        int exit = FedomicsCommand.execute(new PrintWriter(err, true), "demo", "--out", file.resolve("out").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("fedomics: ").contains("output directory");
    }

    @Test
    void demo_withConsentPortInUse_failsWithOneLineNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            int exit = FedomicsCommand.execute(new PrintWriter(err, true), "demo", "--out", temp.resolve("out").toString(),
                    "--consent-port", String.valueOf(taken.getLocalPort()));
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString().strip()).doesNotContain("\n").contains("port " + taken.getLocalPort()).contains("in use");
        }
    }

    @Test
    void demo_withRoundsOutOfRange_failsWithOneLine() {
        StringWriter err = new StringWriter();
        int exit = FedomicsCommand.execute(new PrintWriter(err, true), "demo", "--out", temp.resolve("out").toString(), "--rounds", "1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--rounds");
    }

    @ParameterizedTest
    @CsvSource({
        "-1, 0, must be 0",
        "12625, 0, fewer than the 12625 probe sets",
        "50, 1, --dp-noise"
    })
    void demo_withGenesItCannotChoose_failsWithOneLineBeforeAnythingStarts(String genes, String dpNoise, String message) {
        StringWriter err = new StringWriter();
        Path out = temp.resolve("genes-out");
        int exit = FedomicsCommand.execute(new PrintWriter(err, true), "demo", "--out", out.toString(), "--genes", genes,
                "--dp-noise", dpNoise);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("fedomics: ").contains("--genes").contains(message);
        assertThat(out).doesNotExist();
    }

    @Test
    void demo_withAPrivacyPlanOverItsBudget_failsWithOneLineBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        Path out = temp.resolve("dp-out");
        int exit = FedomicsCommand.execute(new PrintWriter(err, true), "demo", "--out", out.toString(), "--dp-noise", "1",
                "--dp-epsilon-budget", "5");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").startsWith("fedomics: ").contains("over the budget of 5.0");
        assertThat(out).doesNotExist();
    }
}
