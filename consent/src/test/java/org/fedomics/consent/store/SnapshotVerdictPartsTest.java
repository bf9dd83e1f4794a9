package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedomics.consent.policy.Verdict;
import org.junit.jupiter.api.Test;

class SnapshotVerdictPartsTest {
    private static final String A = "P-0123456789ABCDEF";

    @Test
    void verdicts_roundTripInTheirOrder() {
        List<JdbcUseLog.IssuedVerdict> verdicts = List.of(new JdbcUseLog.IssuedVerdict("P-ZZZZZZZZZZZZZZZZ", Verdict.DENY),
                new JdbcUseLog.IssuedVerdict(A, Verdict.PERMIT), new JdbcUseLog.IssuedVerdict("P-MMMMMMMMMMMMMMMM", Verdict.ABSTAIN));

        List<String> parts = SnapshotVerdictParts.encode(verdicts);

        assertThat(parts).hasSize(1);
        assertThat(SnapshotVerdictParts.decode(parts.get(0))).containsExactly(Map.entry("P-ZZZZZZZZZZZZZZZZ", "DENY"),
                Map.entry(A, "PERMIT"), Map.entry("P-MMMMMMMMMMMMMMMM", "ABSTAIN"));
    }

    @Test
    void noVerdicts_areNoParts() {
        assertThat(SnapshotVerdictParts.encode(List.of())).isEmpty();
    }

    @Test
    void fullParts_atTheLongestPseudonymAndVerdict_fitTheirColumn() {
        int patients = 2 * SnapshotVerdictParts.PATIENTS_PER_PART + 1;
        List<JdbcUseLog.IssuedVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            verdicts.add(new JdbcUseLog.IssuedVerdict(String.format(Locale.ROOT, "P-%030d", i), Verdict.ABSTAIN));
        }

        List<String> parts = SnapshotVerdictParts.encode(verdicts);

        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).length()).isBetween(900_000, 1_000_000);
        assertThat(SnapshotVerdictParts.decode(parts.get(1))).hasSize(SnapshotVerdictParts.PATIENTS_PER_PART)
                .containsKey(String.format(Locale.ROOT, "P-%030d", SnapshotVerdictParts.PATIENTS_PER_PART));
        assertThat(SnapshotVerdictParts.decode(parts.get(2))).containsOnlyKeys(String.format(Locale.ROOT, "P-%030d", patients - 1));
    }

    @Test
    void patientNamedTwice_orPseudonymLongerThanEnrollmentAllows_isRefused_quotingNeither() {
        String tooLong = "P-" + "0".repeat(31);

        assertThatThrownBy(() -> SnapshotVerdictParts.encode(List.of(new JdbcUseLog.IssuedVerdict(A, Verdict.PERMIT),
                new JdbcUseLog.IssuedVerdict(A, Verdict.DENY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a snapshot names a patient twice");
        assertThatThrownBy(() -> SnapshotVerdictParts.encode(List.of(new JdbcUseLog.IssuedVerdict(tooLong, Verdict.PERMIT))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(tooLong).hasMessageContaining("32");
    }

    @Test
    void storedTextThatIsNotVerdicts_isRefused_quotingNothing() {
        for (String stored : List.of("{\"" + A + "\": \"MAYBE\"}", "{\"" + A + "\": null}", "{\"" + A + "\": [\"PERMIT\"]}",
                "[\"" + A + "\"]", "{\"" + A + "\": \"PERMIT\"", "null")) {
            assertThatThrownBy(() -> SnapshotVerdictParts.decode(stored)).as(stored)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a stored snapshot's verdicts are not an object of pseudonym to verdict")
                    .satisfies(failure -> {
                        StringWriter printed = new StringWriter();
                        failure.printStackTrace(new PrintWriter(printed));
                        assertThat(printed.toString()).doesNotContain(A);
                    });
        }
    }
}
