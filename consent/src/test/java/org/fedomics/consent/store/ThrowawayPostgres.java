package org.fedomics.consent.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension for tests against a real PostgreSQL 15: one {@link PostgresServer} for the
 * whole test run, started before the first class that needs it and stopped (its directory
 * deleted) when the run ends; each test takes a fresh database with {@link #newDatabase()}.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ThrowawayPostgres POSTGRES = new ThrowawayPostgres();
 * ...
 * PostgresServer.Database db = POSTGRES.newDatabase();
 * </pre>
 *
 * <p>Off unless enabled with {@code FEDOMICS_PG_TESTS=1} (or {@code -Dfedomics.pg.tests=true}):
 * the tests are then skipped with the reason. Once enabled, a missing server binary fails them.
 * The binaries are taken from {@code FEDOMICS_PG_BIN}, by default {@code /usr/lib/postgresql/15/bin}.
 */
public final class ThrowawayPostgres implements ExecutionCondition, BeforeAllCallback {
    public static final String ENABLE_VARIABLE = "FEDOMICS_PG_TESTS";
    public static final String ENABLE_PROPERTY = "fedomics.pg.tests";
    public static final String BIN_VARIABLE = "FEDOMICS_PG_BIN";
    static final Path DEFAULT_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ThrowawayPostgres.class);

    private static final AtomicBoolean REASON_PRINTED = new AtomicBoolean();

    private volatile PostgresServer server;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (enabled()) {
            return ConditionEvaluationResult.enabled("PostgreSQL tests are enabled");
        }
        Path initdb = bin().resolve("initdb");
        String reason = "PostgreSQL tests are off; set " + ENABLE_VARIABLE + "=1 to run them ("
                + (Files.isExecutable(initdb) ? "server binaries found in " + bin() : "and install the PostgreSQL 15 server: no " + initdb) + ")";
        // Build output shows only a count of skipped tests: say why once, where the developer looks.
        if (!REASON_PRINTED.getAndSet(true)) {
            System.err.println("[fedomics] " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Starts the run's server if no class started it yet: a missing binary or a failed start fails the class. */
    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(PostgresServer.class, type -> {
            try {
                return PostgresServer.start(bin());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot start a throwaway PostgreSQL from " + bin(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting a throwaway PostgreSQL", e);
            }
        }, PostgresServer.class);
    }

    /** A new, empty database on the run's server. */
    public PostgresServer.Database newDatabase() {
        if (server == null) {
            throw new IllegalStateException("register ThrowawayPostgres as a static @RegisterExtension field");
        }
        return server.newDatabase();
    }

    static boolean enabled() {
        return isOn(System.getenv(ENABLE_VARIABLE)) || isOn(System.getProperty(ENABLE_PROPERTY));
    }

    private static boolean isOn(String value) {
        return value != null && (value.equals("1") || value.toLowerCase(Locale.ROOT).equals("true"));
    }

    private static Path bin() {
        String configured = System.getenv(BIN_VARIABLE);
        return configured == null || configured.isBlank() ? DEFAULT_BIN : Path.of(configured);
    }
}
