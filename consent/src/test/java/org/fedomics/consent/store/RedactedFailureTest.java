package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RedactedFailureTest {

    @Test
    void of_keepsKindsAndStacksOfTheWholeChain_butNoMessage() {
        SQLException next = new SQLException("ERROR: duplicate key; Detail: Key (pseudonym)=(P-SECRET2) exists", "23505", 0);
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT ... VALUES ('P-SECRET1') was aborted",
                "23505", 0, new int[0]);
        batch.setNextException(next);
        StoreException failure = new StoreException("database error",
                new SQLException("wrapped 'P-SECRET0'", "40001", 7, batch));

        String printed = printed(failure);

        assertThat(printed).doesNotContain("SECRET")
                .contains("database error (SQLState 40001, vendor code 7)")
                .contains("java.sql.BatchUpdateException (SQLState 23505, vendor code 0)")
                .contains("java.sql.SQLException (SQLState 23505, vendor code 0)");
    }

    @Test
    void of_keepsTheOriginalStack() {
        IOException original = new IOException("connection to 'P-SECRET' reset");

        RedactedFailure redacted = RedactedFailure.of(original);

        assertThat(redacted.getMessage()).isEqualTo("java.io.IOException (IOException)");
        assertThat(redacted.getStackTrace()).isEqualTo(original.getStackTrace());
    }

    @Test
    void of_causeCycle_ends() {
        SQLException first = new SQLException("first 'P-SECRET'", "08006");
        SQLException second = new SQLException("second 'P-SECRET'", "08006");
        first.setNextException(second);
        second.setNextException(first);

        assertThat(printed(RedactedFailure.of(first))).doesNotContain("SECRET").contains("08006");
    }

    private static String printed(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
