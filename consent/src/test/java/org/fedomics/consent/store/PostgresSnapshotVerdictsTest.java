package org.fedomics.consent.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The snapshot verdicts contract on PostgreSQL 15: a throwaway server for the run, a new database
 * for each test. Runs when {@code FEDOMICS_PG_TESTS=1} (CI sets it); see {@link ThrowawayPostgres}.
 */
class PostgresSnapshotVerdictsTest extends SnapshotVerdictsContract {
    @RegisterExtension
    static final ThrowawayPostgres POSTGRES = new ThrowawayPostgres();

    @Override
    protected EmptyDatabase emptyDatabase() {
        PostgresServer.Database database = POSTGRES.newDatabase();
        return new EmptyDatabase(database.jdbcUrl(), database.user(), database.password());
    }
}
