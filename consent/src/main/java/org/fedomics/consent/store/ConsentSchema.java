package org.fedomics.consent.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The consent service's database schema, versioned by Flyway migrations in this module. */
public final class ConsentSchema {
    static final String LOCATION = "classpath:db/migration/consent";

    private ConsentSchema() {
    }

    /** Brings the schema of {@code dataSource} up to date; safe to run at every start. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations(LOCATION).load().migrate();
    }
}
