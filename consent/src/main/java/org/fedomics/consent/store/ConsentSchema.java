package org.fedomics.consent.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The consent service's database schema, versioned by Flyway migrations in this module: SQL
 * scripts in {@link #LOCATION}, and the Java migrations listed here where SQL common to H2 and
 * PostgreSQL cannot say it.
 */
public final class ConsentSchema {
    static final String LOCATION = "classpath:db/migration/consent";

    private ConsentSchema() {
    }

    /** Brings the schema of {@code dataSource} up to date; safe to run at every start. */
    public static void migrate(DataSource dataSource) {
        migrate(dataSource, MigrationVersion.LATEST);
    }

    /**
     * After an upgrade failed on H2, which cannot roll back table changes: forgets the failed
     * migration, so that the next start runs it again. PostgreSQL rolls a failed migration back
     * whole and needs no repair. Every migration here can run again over its own half-done work.
     */
    public static void repair(DataSource dataSource) {
        flyway(dataSource, MigrationVersion.LATEST).repair();
    }

    /** Brings the schema up to {@code target} (tests start from an earlier version, as a database in use would). */
    static void migrate(DataSource dataSource, MigrationVersion target) {
        flyway(dataSource, target).migrate();
    }

    private static Flyway flyway(DataSource dataSource, MigrationVersion target) {
        return Flyway.configure().dataSource(dataSource).locations(LOCATION).javaMigrations(new SnapshotVerdictsInParts()).target(target)
                .load();
    }
}
