package org.fedomics.consent.store;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract on PostgreSQL 15: a throwaway server for the run, a new database for each test.
 * Runs when {@code FEDOMICS_PG_TESTS=1} (CI sets it); see {@link ThrowawayPostgres}.
 */
class PostgresConsentStoreTest extends ConsentStoreContract {
    @RegisterExtension
    static final ThrowawayPostgres POSTGRES = new ThrowawayPostgres();

    private PostgresServer.Database database;

    @Override
    protected JdbcConsentStore openStore() {
        if (database == null) {
            database = POSTGRES.newDatabase();
        }
        return database.openStore();
    }
}
