package org.fedomics.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Bad input to {@code fedomics bench consent} is one line on stderr and exit status 2. */
class BenchConsentCommandTest {
    @Test
    void badCounts_failWithOneLineNamingThem() {
        String[][] attempts = {{"--leaves", "ten"}, {"--appends", "5g"}, {"--proofs", "0"}, {"--leaves", "1"}, {"--decisions", "0"},
                {"--rate", "0"}, {"--rate", "200k"}, {"--load-seconds", "2h"}, {"--load-seconds", "0"},
                {"--warmup-seconds", "2h"}};
        for (String[] attempt : attempts) {
            StringWriter err = new StringWriter();

            int exit = FedomicsCommand.execute(new PrintWriter(err, true), "bench", "consent", attempt[0], attempt[1]);

            assertThat(exit).as(String.join(" ", attempt)).isEqualTo(2);
            assertThat(err.toString().strip()).as(String.join(" ", attempt)).doesNotContain("\n").startsWith("fedomics: ");
        }
    }
}
