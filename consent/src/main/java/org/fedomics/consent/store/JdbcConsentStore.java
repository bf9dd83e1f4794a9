package org.fedomics.consent.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.fedomics.consent.ledger.LedgerEvent;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoPermission;

/**
 * {@link ConsentStore} over JDBC: an embedded H2 file database by default
 * ({@code jdbc:h2:file:<dir>/consent}), PostgreSQL 15 when configured
 * ({@code jdbc:postgresql://host:5432/consent}). Every write is one transaction; a consent version
 * and its ledger leaf (see {@link JdbcLedger}) are written in the same one. Failures never carry
 * the values of a row (see {@link StoreException}).
 */
public final class JdbcConsentStore implements ConsentStore, AutoCloseable {
    private static final int MAX_HOSPITAL_LENGTH = 200;
    /** Pseudonyms bound to one query's array parameter: a cohort in one query, a million in a hundred. */
    private static final int PSEUDONYMS_PER_QUERY = 10_000;
    private static final String H2_PREFIX = "jdbc:h2:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    private final DataSource dataSource;
    private final JdbcTransactions transactions;
    private final Clock clock;
    private final EnrollmentCodes codes;
    private final LedgerAppends ledger;
    /** The pool this store built in {@link #open}, closed with it; null for a caller's data source. */
    private final HikariDataSource ownedPool;

    /** A store over an already migrated data source (see {@link ConsentSchema#migrate}). */
    public JdbcConsentStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC(), new SecureRandom());
    }

    public JdbcConsentStore(DataSource dataSource, Clock clock, SecureRandom random) {
        this(dataSource, clock, random, null);
    }

    private JdbcConsentStore(DataSource dataSource, Clock clock, SecureRandom random, HikariDataSource ownedPool) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.transactions = new JdbcTransactions(dataSource);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codes = new EnrollmentCodes(Objects.requireNonNull(random, "random"));
        this.ledger = new LedgerAppends(random);
        this.ownedPool = ownedPool;
    }

    /**
     * Opens a connection pool on {@code jdbcUrl}, migrates the schema, and returns a store that owns the pool.
     *
     * @param jdbcUrl an H2 ({@code jdbc:h2:...}) or PostgreSQL ({@code jdbc:postgresql:...}) URL; anything
     *                else is refused, naming only its scheme (a URL can carry a password)
     */
    public static JdbcConsentStore open(String jdbcUrl, String user, char[] password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        if (jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            // The server's error details quote the values of the row an error is about: keep them out of exceptions.
            config.addDataSourceProperty("logServerErrorDetail", "false");
            config.addDataSourceProperty("ApplicationName", "fedomics-consent");
        } else if (!jdbcUrl.startsWith(H2_PREFIX)) {
            int schemeEnd = jdbcUrl.indexOf(':', "jdbc:".length());
            String found = jdbcUrl.startsWith("jdbc:") && schemeEnd > 0
                    ? "this one starts with " + jdbcUrl.substring(0, schemeEnd + 1) : "this one is not a JDBC URL";
            throw new IllegalArgumentException("the consent database URL must start with " + H2_PREFIX + " (embedded H2) or "
                    + POSTGRESQL_PREFIX + " (PostgreSQL); " + found);
        }
        config.setUsername(user);
        config.setPassword(password == null ? null : new String(password));
        config.setPoolName("consent");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            ConsentSchema.migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new JdbcConsentStore(pool, Clock.systemUTC(), new SecureRandom(), pool);
    }

    /** The data source, for other JDBC components of the same database (e.g. {@link JdbcUseLog}). */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Enrollment enroll(String hospital) {
        if (hospital == null || hospital.isBlank() || hospital.length() > MAX_HOSPITAL_LENGTH) {
            throw new IllegalArgumentException("hospital must be 1 to " + MAX_HOSPITAL_LENGTH + " characters");
        }
        Enrollment enrollment = new Enrollment(codes.newPseudonym(), hospital, codes.newCode());
        transactions.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO enrollment (pseudonym, hospital, code_sha256, enrolled_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, enrollment.pseudonym());
                insert.setString(2, hospital);
                insert.setString(3, EnrollmentCodes.hash(enrollment.enrollmentCode()));
                JdbcTransactions.setInstant(insert, 4, clock.instant());
                return insert.executeUpdate();
            }
        });
        return enrollment;
    }

    @Override
    public ConsentRecord append(ConsentRecord next) {
        Objects.requireNonNull(next, "next");
        ConsentRecord stored = storable(next);
        String terms = ConsentTermsJson.write(stored);
        return transactions.inTransaction(c -> {
            if (!exists(c, stored.pseudonym())) {
                throw new UnknownPseudonymException(stored.pseudonym());
            }
            int current = currentVersion(c, stored.pseudonym());
            if (stored.version() != current + 1) {
                throw new ConflictException("the consent is at version " + current
                        + "; the next version must be " + (current + 1) + ", not " + stored.version());
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO consent_record (pseudonym, version, "
                    + "permission, terms_json, valid_from, valid_until, opted_out, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, stored.pseudonym());
                insert.setInt(2, stored.version());
                insert.setString(3, stored.permission().code());
                insert.setString(4, terms);
                JdbcTransactions.setInstant(insert, 5, stored.validFrom());
                JdbcTransactions.setInstant(insert, 6, stored.validUntil());
                insert.setBoolean(7, stored.optedOut());
                JdbcTransactions.setInstant(insert, 8, stored.recordedAt());
                insert.executeUpdate();
            } catch (SQLException e) {
                // Enrollment and version were checked above, so a violated key means a concurrent append won.
                if (JdbcTransactions.isConstraintViolation(e)) {
                    throw new ConflictException("consent version " + stored.version() + " was written concurrently", e);
                }
                throw e;
            }
            ledger.append(c, List.of(new LedgerAppends.Entry(stored.pseudonym(), LedgerEvent.ConsentChange.of(stored))),
                    stored.recordedAt());
            return stored;
        });
    }

    private static final String CURRENT = "SELECT * FROM consent_record WHERE pseudonym = ? AND version = "
            + "(SELECT MAX(version) FROM consent_record WHERE pseudonym = ?)";

    @Override
    public Optional<ConsentRecord> current(String pseudonym) {
        return select(CURRENT, pseudonym, pseudonym).stream().findFirst();
    }

    /** Each patient's latest version, for a set of patients in one array parameter. */
    private static final String CURRENT_OF_ANY = "SELECT r.* FROM consent_record r JOIN (SELECT pseudonym, MAX(version) AS latest "
            + "FROM consent_record WHERE pseudonym = ANY(?) GROUP BY pseudonym) m ON m.pseudonym = r.pseudonym AND m.latest = r.version";

    @Override
    public Map<String, ConsentRecord> currentOf(Collection<String> pseudonyms) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pseudonyms));
        Map<String, ConsentRecord> found = transactions.inTransaction(c -> {
            Map<String, ConsentRecord> records = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement(CURRENT_OF_ANY)) {
                forEachBatch(c, distinct, select, 1, rows -> {
                    ConsentRecord record = read(rows);
                    records.put(record.pseudonym(), record);
                });
            }
            return records;
        });
        Map<String, ConsentRecord> current = new LinkedHashMap<>();
        for (String pseudonym : distinct) {
            ConsentRecord record = found.get(pseudonym);
            if (record != null) {
                current.put(pseudonym, record);
            }
        }
        return current;
    }

    @Override
    public List<ConsentRecord> history(String pseudonym) {
        return select("SELECT * FROM consent_record WHERE pseudonym = ? ORDER BY version", pseudonym);
    }

    @Override
    public List<String> pseudonymsOf(String hospital) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT pseudonym FROM enrollment WHERE hospital = ? ORDER BY pseudonym")) {
                select.setString(1, hospital);
                List<String> pseudonyms = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        pseudonyms.add(rows.getString("pseudonym"));
                    }
                }
                return List.copyOf(pseudonyms);
            }
        });
    }

    @Override
    public boolean exists(String pseudonym) {
        return pseudonym != null && transactions.inTransaction(c -> exists(c, pseudonym));
    }

    @Override
    public Set<String> enrolledBy(String hospital, Collection<String> pseudonyms) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(pseudonyms));
        return transactions.inTransaction(c -> {
            Set<String> enrolled = new HashSet<>();
            try (PreparedStatement select = c.prepareStatement("SELECT pseudonym FROM enrollment WHERE hospital = ? AND pseudonym = ANY(?)")) {
                select.setString(1, hospital);
                forEachBatch(c, distinct, select, 2, rows -> enrolled.add(rows.getString(1)));
            }
            return enrolled;
        });
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code select} once per batch of pseudonyms, the batch bound as an array to parameter
     * {@code arrayParameter}, and reads every row: a query per batch rather than per patient is
     * what keeps a snapshot of a cohort cheap on both databases.
     */
    private static void forEachBatch(Connection c, List<String> pseudonyms, PreparedStatement select, int arrayParameter, RowReader reader)
            throws SQLException {
        for (int from = 0; from < pseudonyms.size(); from += PSEUDONYMS_PER_QUERY) {
            Array batch = c.createArrayOf("VARCHAR", pseudonyms.subList(from, Math.min(pseudonyms.size(), from + PSEUDONYMS_PER_QUERY))
                    .toArray());
            try {
                select.setArray(arrayParameter, batch);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        reader.read(rows);
                    }
                }
            } finally {
                batch.free();
            }
        }
    }

    /** Closes the connection pool if this store opened it. */
    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    private static boolean exists(Connection c, String pseudonym) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM enrollment WHERE pseudonym = ?")) {
            select.setString(1, pseudonym);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int currentVersion(Connection c, String pseudonym) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) AS current_version FROM consent_record WHERE pseudonym = ?")) {
            select.setString(1, pseudonym);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt("current_version");
            }
        }
    }

    private List<ConsentRecord> select(String sql, String... parameters) {
        return transactions.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                List<ConsentRecord> records = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.add(read(rows));
                    }
                }
                return List.copyOf(records);
            }
        });
    }

    private static ConsentRecord read(ResultSet row) throws SQLException {
        String pseudonym = row.getString("pseudonym");
        int version = row.getInt("version");
        ConsentTermsJson.Decoded terms = ConsentTermsJson.read(row.getString("terms_json"), "version " + version);
        return new ConsentRecord(pseudonym, version, DuoPermission.fromCode(row.getString("permission")),
                terms.diseaseIds(), terms.modifiers(), terms.modifierParameters(),
                terms.permittedStudies(), terms.deniedStudies(),
                JdbcTransactions.getInstant(row, "valid_from"), JdbcTransactions.getInstant(row, "valid_until"),
                row.getBoolean("opted_out"), JdbcTransactions.getInstant(row, "recorded_at"));
    }

    private static ConsentRecord storable(ConsentRecord r) {
        return new ConsentRecord(r.pseudonym(), r.version(), r.permission(), r.diseaseIds(), r.modifiers(),
                r.modifierParameters(), r.permittedStudies(), r.deniedStudies(),
                JdbcTransactions.storable(r.validFrom()), JdbcTransactions.storable(r.validUntil()),
                r.optedOut(), JdbcTransactions.storable(r.recordedAt()));
    }
}
