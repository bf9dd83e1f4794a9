package org.fedomics.consent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.fedomics.consent.policy.Verdict;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema version 4: a snapshot's verdicts move from a row per patient ({@code snapshot_verdict})
 * to a row per {@link SnapshotVerdictParts part} ({@code snapshot_verdict_part}), and every
 * verdict already issued moves with them. In Java rather than SQL because no aggregate that
 * builds the JSON is common to H2 and PostgreSQL. Portable SQL otherwise, as V1. It can run again
 * over its own half-done work (H2 commits each table change, so a failed run leaves it behind).
 */
final class SnapshotVerdictsInParts implements JavaMigration {
    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS snapshot_verdict_part (
                snapshot_id  BIGINT           NOT NULL REFERENCES snapshot_issued (id),
                part_no      INTEGER          NOT NULL,
                verdicts     VARCHAR(1000000) NOT NULL,
                PRIMARY KEY (snapshot_id, part_no),
                CHECK (part_no >= 0)
            )""";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "snapshot verdicts in parts";
    }

    @Override
    public Integer getChecksum() {
        return CREATE.hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute(CREATE);
            if (!oldTableExists(c)) {
                return; // a run before this one moved everything and dropped it
            }
            s.executeUpdate("DELETE FROM snapshot_verdict_part");
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT snapshot_id, pseudonym, verdict FROM snapshot_verdict ORDER BY snapshot_id, pseudonym");
             PreparedStatement insert = c.prepareStatement(SnapshotVerdictParts.INSERT)) {
            select.setFetchSize(10_000);
            try (ResultSet rows = select.executeQuery()) {
                long snapshot = -1;
                List<JdbcUseLog.IssuedVerdict> verdicts = new ArrayList<>();
                while (rows.next()) {
                    if (rows.getLong(1) != snapshot) {
                        SnapshotVerdictParts.insert(insert, snapshot, SnapshotVerdictParts.encode(verdicts));
                        snapshot = rows.getLong(1);
                        verdicts.clear();
                    }
                    verdicts.add(new JdbcUseLog.IssuedVerdict(rows.getString(2), Verdict.valueOf(rows.getString(3))));
                }
                SnapshotVerdictParts.insert(insert, snapshot, SnapshotVerdictParts.encode(verdicts));
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE snapshot_verdict");
        }
    }

    private static boolean oldTableExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                + "WHERE LOWER(table_name) = 'snapshot_verdict' AND table_schema = CURRENT_SCHEMA")) {
            row.next();
            return row.getLong(1) > 0;
        }
    }
}
