package org.fedomics.consent.store;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A database failure with every message removed. Drivers quote the row they refused (H2 prints
 * the key and the value that was too long, PostgreSQL the statement of a failed batch entry with
 * its parameters), and those values are pseudonyms and consent terms: what the store throws
 * keeps only the kind of each failure in the chain (class, SQLState, vendor code) and the stack,
 * so that logging it with its cause, as an unexpected failure is, can leak nothing.
 */
final class RedactedFailure extends Exception {
    private static final int MAX_CHAIN = 8;

    private RedactedFailure(String description, StackTraceElement[] stack, RedactedFailure cause) {
        super(description, cause, false, true);
        setStackTrace(stack);
    }

    /** A value-free copy of {@code failure} and its causes (for a SQL exception without cause, its next exception). */
    static RedactedFailure of(Throwable failure) {
        return copy(failure, new IdentityHashMap<>(), 0);
    }

    /** What kind of failure this was, without its message: e.g. "SQLState 23505, vendor code 0". */
    static String kind(Throwable failure) {
        if (failure instanceof SQLException sql) {
            return "SQLState " + sql.getSQLState() + ", vendor code " + sql.getErrorCode();
        }
        return failure.getClass().getSimpleName();
    }

    private static RedactedFailure copy(Throwable failure, Map<Throwable, Boolean> seen, int depth) {
        seen.put(failure, Boolean.TRUE);
        Throwable next = failure.getCause();
        if (next == null && failure instanceof SQLException sql) {
            next = sql.getNextException();
        }
        RedactedFailure cause = next != null && depth + 1 < MAX_CHAIN && !seen.containsKey(next)
                ? copy(next, seen, depth + 1) : null;
        return new RedactedFailure(failure.getClass().getName() + " (" + kind(failure) + ")", failure.getStackTrace(), cause);
    }
}
