package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.fedomics.consent.account.SignInBackoff;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every consent database must do, whatever runs it (embedded H2, PostgreSQL): subclasses
 * only say how to open a store on an empty, migrated database.
 */
abstract class ConsentStoreContract {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final String CODE_PATTERN = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}";
    static final String SIGN_IN_ID_PATTERN = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}";
    /** What the store keeps for a passphrase; the store neither makes nor reads it. */
    static final String STORED_HASH = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    protected JdbcConsentStore store;

    /**
     * Opens a store (migrating the schema) on this test's database: empty at the test's first call,
     * the same database at later calls. The store is closed after the test.
     */
    protected abstract JdbcConsentStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // --- enrollment

    @Test
    void enroll_givesRandomPseudonymAndCode() {
        Enrollment a = store.enroll("Hospital A");
        Enrollment b = store.enroll("Hospital A");

        assertThat(a.pseudonym()).matches("P-[0-9A-HJKMNP-TV-Z]{16}");
        assertThat(a.enrollmentCode()).matches(CODE_PATTERN);
        assertThat(a.hospital()).isEqualTo("Hospital A");
        assertThat(a.pseudonym()).isNotEqualTo(b.pseudonym());
        assertThat(a.enrollmentCode()).isNotEqualTo(b.enrollmentCode());
        assertThat(store.exists(a.pseudonym())).isTrue();
    }

    @Test
    void enrollment_toString_hidesCode() {
        Enrollment e = store.enroll("Hospital A");

        assertThat(e.toString()).contains(e.pseudonym()).doesNotContain(e.enrollmentCode());
    }

    @Test
    void enroll_storesOnlyTheHashOfTheCode() throws SQLException {
        Enrollment e = store.enroll("Hospital A");

        List<String> stored = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT * FROM enrollment")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    stored.add(String.valueOf(rows.getObject(i)));
                }
            }
        }
        String bare = e.enrollmentCode().replace("-", "");
        assertThat(stored).noneMatch(v -> v.contains(e.enrollmentCode()) || v.contains(bare));
        assertThat(stored).contains(EnrollmentCodes.hash(e.enrollmentCode()));
    }

    @Test
    void enroll_blankHospital_isRejected() {
        assertThatThrownBy(() -> store.enroll(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hospital");
    }

    @Test
    void pseudonymsOf_listsOnlyThatHospitalsPatients() {
        Enrollment a1 = store.enroll("Hospital A");
        Enrollment a2 = store.enroll("Hospital A");
        Enrollment b1 = store.enroll("Hospital B");

        assertThat(store.pseudonymsOf("Hospital A")).containsExactlyInAnyOrder(a1.pseudonym(), a2.pseudonym());
        assertThat(store.pseudonymsOf("Hospital B")).containsExactly(b1.pseudonym());
        assertThat(store.pseudonymsOf("Hospital C")).isEmpty();
    }

    @Test
    void enrolledBy_keepsOnlyThatHospitalsPatients() {
        String a = store.enroll("Hospital A").pseudonym();
        String b = store.enroll("Hospital B").pseudonym();

        assertThat(store.enrolledBy("Hospital A", List.of(a, b, "P-0000000000000000"))).containsExactly(a);
        assertThat(store.enrolledBy("Hospital B", List.of(a, b))).containsExactly(b);
        assertThat(store.enrolledBy("Hospital A", List.of())).isEmpty();
    }

    @Test
    void lookupsOfManyPatients_findThemAcrossBatches_inTheOrderAsked() {
        String a = store.enroll("Hospital A").pseudonym();
        String b = store.enroll("Hospital A").pseudonym();
        ConsentRecord ofA = store.append(gru(a, 1));
        ConsentRecord ofB = store.append(gru(b, 1));
        // b after ten thousand unknown patients (the first batch's size), a last: three batches.
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            asked.add(String.format(Locale.ROOT, "P-%016d", i));
        }
        asked.add(b);
        for (int i = 10_000; i < 20_000; i++) {
            asked.add(String.format(Locale.ROOT, "P-%016d", i));
        }
        asked.add(b);
        asked.add(a);

        assertThat(store.enrolledBy("Hospital A", asked)).containsExactlyInAnyOrder(a, b);
        assertThat(store.enrolledBy("Hospital B", asked)).isEmpty();
        assertThat(store.currentOf(asked)).containsExactly(Map.entry(b, ofB), Map.entry(a, ofA));
    }

    @Test
    void exists_unknownPseudonym_isFalse() {
        assertThat(store.exists("P-0000000000000000")).isFalse();
        assertThat(store.exists(null)).isFalse();
    }

    // --- consent history

    @Test
    void append_firstVersion_becomesCurrent() {
        String p = store.enroll("Hospital A").pseudonym();

        ConsentRecord stored = store.append(gru(p, 1));

        assertThat(stored).isEqualTo(gru(p, 1));
        assertThat(store.current(p)).contains(stored);
        assertThat(store.history(p)).containsExactly(stored);
    }

    @Test
    void current_withoutConsent_isEmpty() {
        String p = store.enroll("Hospital A").pseudonym();

        assertThat(store.current(p)).isEmpty();
        assertThat(store.history(p)).isEmpty();
        assertThat(store.current("P-0000000000000000")).isEmpty();
    }

    @Test
    void append_everyField_roundTrips() {
        String p = store.enroll("Hospital A").pseudonym();
        Map<DuoModifier, String> parameters = new EnumMap<>(DuoModifier.class);
        parameters.put(DuoModifier.TS, "24");
        parameters.put(DuoModifier.IS, "Hospital A");
        parameters.put(DuoModifier.MOR, "2027-01-31");
        ConsentRecord full = new ConsentRecord(p, 1, DuoPermission.DS, Set.of("MONDO:0005059", "MONDO:0007254"),
                EnumSet.of(DuoModifier.TS, DuoModifier.IS, DuoModifier.MOR, DuoModifier.IRB, DuoModifier.NCU),
                parameters, Set.of("study-1", "study-2"), Set.of("study-3"),
                T0, T0.plusSeconds(86_400 * 365), true, T0.plusNanos(123_000));

        store.append(full);

        assertThat(store.current(p)).contains(full);
    }

    @Test
    void append_timesFinerThanMicroseconds_areTruncatedAsReturned() {
        String p = store.enroll("Hospital A").pseudonym();
        ConsentRecord fine = new ConsentRecord(p, 1, DuoPermission.GRU, Set.of(), Set.of(), Map.of(), Set.of(), Set.of(),
                T0.plusNanos(1_234_567), null, false, T0.plusNanos(7));

        ConsentRecord stored = store.append(fine);

        assertThat(stored.validFrom()).isEqualTo(T0.plusNanos(1_234_000));
        assertThat(stored.recordedAt()).isEqualTo(T0);
        assertThat(store.current(p)).contains(stored);
    }

    @Test
    void append_versionNotCurrentPlusOne_conflicts() {
        String p = store.enroll("Hospital A").pseudonym();

        assertThatThrownBy(() -> store.append(gru(p, 2))).isInstanceOf(ConflictException.class).hasMessageContaining("must be 1");
        store.append(gru(p, 1));
        assertThatThrownBy(() -> store.append(gru(p, 1))).isInstanceOf(ConflictException.class).hasMessageContaining("must be 2");
        assertThatThrownBy(() -> store.append(gru(p, 3))).isInstanceOf(ConflictException.class);
        assertThat(store.history(p)).extracting(ConsentRecord::version).containsExactly(1);
    }

    @Test
    void append_unknownPseudonym_isRejectedWithoutNamingItInTheMessage() {
        assertThatThrownBy(() -> store.append(gru("P-0000000000000000", 1)))
                .isInstanceOfSatisfying(UnknownPseudonymException.class,
                        e -> assertThat(e.pseudonym()).isEqualTo("P-0000000000000000"))
                .hasMessage("the pseudonym is not enrolled");
    }

    @Test
    void history_keepsEveryVersionOldestFirst() {
        String p = store.enroll("Hospital A").pseudonym();
        ConsentRecord v1 = store.append(gru(p, 1));
        ConsentRecord v2 = store.append(new ConsentRecord(p, 2, DuoPermission.HMB, Set.of(), Set.of(DuoModifier.NCU), Map.of(),
                Set.of(), Set.of("study-9"), T0, null, false, T0.plusSeconds(60)));
        ConsentRecord v3 = store.append(new ConsentRecord(p, 3, DuoPermission.HMB, Set.of(), Set.of(), Map.of(),
                Set.of(), Set.of(), T0, null, true, T0.plusSeconds(120)));

        assertThat(store.history(p)).containsExactly(v1, v2, v3);
        assertThat(store.current(p)).contains(v3);
    }

    @Test
    void currentOf_givesEachPatientsLatestVersion_andLeavesOutThoseWithoutConsent() {
        String twice = store.enroll("Hospital A").pseudonym();
        String once = store.enroll("Hospital A").pseudonym();
        String none = store.enroll("Hospital A").pseudonym();
        store.append(gru(twice, 1));
        ConsentRecord latest = store.append(new ConsentRecord(twice, 2, DuoPermission.HMB, Set.of(), Set.of(), Map.of(),
                Set.of(), Set.of(), T0, null, false, T0.plusSeconds(60)));
        ConsentRecord only = store.append(gru(once, 1));

        Map<String, ConsentRecord> current = store.currentOf(List.of(twice, once, none, "P-0000000000000000"));

        assertThat(current).containsExactly(Map.entry(twice, latest), Map.entry(once, only));
    }

    @Test
    void consentStore_offersNoWayToUpdateOrDelete() {
        Set<String> methods = new HashSet<>();
        Arrays.stream(ConsentStore.class.getMethods()).map(Method::getName).forEach(methods::add);

        assertThat(methods).containsExactlyInAnyOrder(
                "enroll", "append", "current", "currentOf", "history", "pseudonymsOf", "exists", "enrolledBy");
    }

    @Test
    void append_whenCommitFails_leavesNothingBehind() {
        String p = store.enroll("Hospital A").pseudonym();
        JdbcConsentStore failing = new JdbcConsentStore(failingCommits(store.dataSource()), Clock.fixed(T0, ZoneOffset.UTC),
                new SecureRandom());

        assertThatThrownBy(() -> failing.append(gru(p, 1))).isInstanceOf(StoreException.class);

        assertThat(store.history(p)).isEmpty();
        assertThat(store.append(gru(p, 1)).version()).isEqualTo(1);
    }

    @Test
    void append_tooLargeToStore_failsAndLeavesHistoryUsable() {
        String p = store.enroll("Hospital A").pseudonym();
        Set<String> manyStudies = new HashSet<>();
        for (int i = 0; i < 4_000; i++) {
            manyStudies.add("a-rather-long-study-identifier-" + i);
        }
        ConsentRecord huge = new ConsentRecord(p, 1, DuoPermission.GRU, Set.of(), Set.of(), Map.of(), manyStudies, Set.of(),
                T0, null, false, T0);

        assertThatThrownBy(() -> store.append(huge)).isInstanceOf(StoreException.class)
                .hasMessageContaining("SQLState 22001")
                .satisfies(e -> assertQuotesNone(e, p, "permittedStudies", "a-rather-long-study-identifier"));

        assertThat(store.history(p)).isEmpty();
        assertThat(store.append(gru(p, 1))).isEqualTo(gru(p, 1));
    }

    @Test
    void append_sameVersionConcurrently_exactlyOneWins() throws Exception {
        String p = store.enroll("Hospital A").pseudonym();
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ConsentRecord>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Callable<ConsentRecord> write = () -> {
                    start.await();
                    return store.append(gru(p, 1));
                };
                results.add(pool.submit(write));
            }
            start.countDown();
            int wins = 0;
            int conflicts = 0;
            for (Future<ConsentRecord> result : results) {
                try {
                    result.get();
                    wins++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    assertQuotesNone(e.getCause(), p);
                    conflicts++;
                }
            }
            assertThat(wins).isEqualTo(1);
            assertThat(conflicts).isEqualTo(writers - 1);
            assertThat(store.history(p)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- use log (same database)

    @Test
    void recordUse_isListedPerPatientOldestFirst() {
        String a = store.enroll("Hospital A").pseudonym();
        String b = store.enroll("Hospital A").pseudonym();
        JdbcUseLog log = new JdbcUseLog(store.dataSource());

        log.recordUse("study-1", 2, "Hospital A", List.of(a), T0.plusSeconds(60));
        log.recordUse("study-1", 1, "Hospital A", List.of(a, b), T0);

        assertThat(log.usesOf(a)).containsExactly(
                new UseEvent("study-1", 1, "Hospital A", T0), new UseEvent("study-1", 2, "Hospital A", T0.plusSeconds(60)));
        assertThat(log.usesOf(b)).containsExactly(new UseEvent("study-1", 1, "Hospital A", T0));
        assertThat(log.usesOf("P-0000000000000000")).isEmpty();
    }

    @Test
    void recordUse_withAnUnknownPseudonym_recordsNothing() {
        String a = store.enroll("Hospital A").pseudonym();
        JdbcUseLog log = new JdbcUseLog(store.dataSource());

        assertThatThrownBy(() -> log.recordUse("study-1", 1, "Hospital A", List.of(a, "P-0000000000000000"), T0))
                .isInstanceOf(UnknownPseudonymException.class);

        assertThat(log.usesOf(a)).isEmpty();
    }

    // --- patient accounts (same database)

    @Test
    void redeem_rightCode_opensOneAccountOnlyOnce() {
        Enrollment e = store.enroll("Hospital A");
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());

        assertThat(accounts.isRedeemable(e.enrollmentCode())).isTrue();
        PatientAccount account = accounts.redeem(e.enrollmentCode(), STORED_HASH, T0).orElseThrow();

        assertThat(account.pseudonym()).isEqualTo(e.pseudonym());
        assertThat(account.signInId()).matches(SIGN_IN_ID_PATTERN);
        assertThat(accounts.isRedeemable(e.enrollmentCode())).isFalse();
        assertThat(accounts.redeem(e.enrollmentCode(), STORED_HASH, T0)).isEmpty();
        assertThat(accounts.beginSignIn(account.signInId(), T0)).isEqualTo(new SignInAttempt.Proceed(account, STORED_HASH));
    }

    @Test
    void redeem_wrongCode_opensNothingAndLeavesRightCodeUsable() {
        Enrollment e = store.enroll("Hospital A");
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());
        String wrong = e.enrollmentCode().startsWith("0") ? "1" + e.enrollmentCode().substring(1) : "0" + e.enrollmentCode().substring(1);

        assertThat(accounts.isRedeemable(wrong)).isFalse();
        assertThat(accounts.redeem(wrong, STORED_HASH, T0)).isEmpty();
        assertThat(accounts.redeem("", STORED_HASH, T0)).isEmpty();
        assertThat(accounts.redeem(null, STORED_HASH, T0)).isEmpty();
        assertThat(accounts.redeem(e.enrollmentCode(), STORED_HASH, T0)).get().extracting(PatientAccount::pseudonym)
                .isEqualTo(e.pseudonym());
    }

    @Test
    void redeem_codeTypedInLowerCaseWithSpaces_works() {
        Enrollment e = store.enroll("Hospital A");
        String typed = e.enrollmentCode().toLowerCase().replace("-", " ");

        assertThat(new JdbcPatientAccounts(store.dataSource()).redeem(typed, STORED_HASH, T0)).get()
                .extracting(PatientAccount::pseudonym).isEqualTo(e.pseudonym());
    }

    @Test
    void redeem_whenCommitFails_leavesTheCodeUnusedAndNoAccount() {
        Enrollment e = store.enroll("Hospital A");
        JdbcPatientAccounts failing = new JdbcPatientAccounts(failingCommits(store.dataSource()));
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());

        assertThatThrownBy(() -> failing.redeem(e.enrollmentCode(), STORED_HASH, T0)).isInstanceOf(StoreException.class);

        assertThat(accounts.isRedeemable(e.enrollmentCode())).isTrue();
        assertThat(accounts.redeem(e.enrollmentCode(), STORED_HASH, T0)).isPresent();
    }

    @Test
    void redeem_manyPatients_getDistinctSignInIds() {
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(accounts.redeem(store.enroll("Hospital A").enrollmentCode(), STORED_HASH, T0).orElseThrow().signInId());
        }

        assertThat(ids).hasSize(20);
    }

    @Test
    void beginSignIn_idTypedInLowerCaseWithoutDashes_findsTheAccount() {
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());
        PatientAccount account = accounts.redeem(store.enroll("Hospital A").enrollmentCode(), STORED_HASH, T0).orElseThrow();

        SignInAttempt attempt = accounts.beginSignIn(account.signInId().toLowerCase().replace("-", ""), T0);

        assertThat(attempt).isEqualTo(new SignInAttempt.Proceed(account, STORED_HASH));
    }

    @Test
    void beginSignIn_unknownOrMalformedId_isUnknown() {
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());
        Enrollment e = store.enroll("Hospital A");
        accounts.redeem(e.enrollmentCode(), STORED_HASH, T0);

        for (String id : new String[] {"0000-0000-0000", "", "  ", "ABC", e.pseudonym(), e.enrollmentCode()}) {
            assertThat(accounts.beginSignIn(id, T0)).as("sign-in id '%s'", id).isEqualTo(new SignInAttempt.Unknown());
        }
        assertThat(accounts.beginSignIn(null, T0)).isEqualTo(new SignInAttempt.Unknown());
    }

    @Test
    void beginSignIn_afterTheFreeFailures_isBlockedUntilTheWaitIsOver() {
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());
        PatientAccount account = accounts.redeem(store.enroll("Hospital A").enrollmentCode(), STORED_HASH, T0).orElseThrow();
        for (int i = 0; i < SignInBackoff.FREE_FAILURES; i++) {
            assertThat(accounts.beginSignIn(account.signInId(), T0)).isInstanceOf(SignInAttempt.Proceed.class);
        }
        assertThat(accounts.beginSignIn(account.signInId(), T0)).as("the attempt that is counted as failure number 5")
                .isInstanceOf(SignInAttempt.Proceed.class);

        Instant until = T0.plus(SignInBackoff.waitAfter(SignInBackoff.FREE_FAILURES + 1));
        assertThat(accounts.beginSignIn(account.signInId(), T0)).isEqualTo(new SignInAttempt.Blocked(until));
        assertThat(accounts.beginSignIn(account.signInId(), until.minusMillis(1))).isEqualTo(new SignInAttempt.Blocked(until));
        assertThat(accounts.beginSignIn(account.signInId(), until)).isInstanceOf(SignInAttempt.Proceed.class);
        Instant longer = until.plus(SignInBackoff.waitAfter(SignInBackoff.FREE_FAILURES + 2));
        assertThat(accounts.beginSignIn(account.signInId(), until)).as("each further failure waits longer")
                .isEqualTo(new SignInAttempt.Blocked(longer));
    }

    @Test
    void signInSucceeded_startsTheCountOfFailuresAgain() {
        JdbcPatientAccounts accounts = new JdbcPatientAccounts(store.dataSource());
        PatientAccount account = accounts.redeem(store.enroll("Hospital A").enrollmentCode(), STORED_HASH, T0).orElseThrow();
        for (int i = 0; i < SignInBackoff.FREE_FAILURES; i++) {
            accounts.beginSignIn(account.signInId(), T0);
        }

        accounts.signInSucceeded(account.signInId(), T0);

        for (int i = 0; i < SignInBackoff.FREE_FAILURES + 1; i++) {
            assertThat(accounts.beginSignIn(account.signInId(), T0)).as("attempt %d after the success", i + 1)
                    .isInstanceOf(SignInAttempt.Proceed.class);
        }
        assertThat(accounts.beginSignIn(account.signInId(), T0)).isInstanceOf(SignInAttempt.Blocked.class);
    }

    @Test
    void recordUse_valueTooLongForItsColumn_failsQuotingNoValueAndRecordsNothing() {
        String a = store.enroll("Hospital A").pseudonym();
        JdbcUseLog log = new JdbcUseLog(store.dataSource());
        String study = "study-" + "x".repeat(300);

        assertThatThrownBy(() -> log.recordUse(study, 1, "Hospital A", List.of(a), T0)).isInstanceOf(StoreException.class)
                .hasMessageContaining("SQLState 22001")
                .satisfies(e -> assertQuotesNone(e, a, "xxxxxxxxxx", "Hospital A"));

        assertThat(log.usesOf(a)).isEmpty();
    }

    // --- the database itself

    @Test
    void databaseError_quotesNoValueOfTheRowItRefused() {
        Enrollment e = store.enroll("Hospital A");
        JdbcTransactions transactions = new JdbcTransactions(store.dataSource());

        assertThatThrownBy(() -> transactions.inTransaction(c -> {
            try (PreparedStatement duplicate = c.prepareStatement(
                    "INSERT INTO enrollment (pseudonym, hospital, code_sha256, enrolled_at) VALUES (?, ?, ?, ?)")) {
                duplicate.setString(1, e.pseudonym());
                duplicate.setString(2, "Hospital B");
                duplicate.setString(3, "f".repeat(64));
                JdbcTransactions.setInstant(duplicate, 4, T0);
                return duplicate.executeUpdate();
            }
        })).isInstanceOf(StoreException.class)
                .hasMessageContaining("SQLState 23505")
                .satisfies(failure -> assertQuotesNone(failure, e.pseudonym(), "Hospital B", "ffffffff"));
        assertThat(store.pseudonymsOf("Hospital B")).isEmpty();
    }

    @Test
    void reopen_keepsEverythingAndMigratesAgainHarmlessly() {
        Enrollment e = store.enroll("Hospital A");
        store.append(gru(e.pseudonym(), 1));
        store.close();

        store = openStore();

        assertThat(store.exists(e.pseudonym())).isTrue();
        assertThat(store.current(e.pseudonym())).contains(gru(e.pseudonym(), 1));
        assertThat(new JdbcPatientAccounts(store.dataSource()).redeem(e.enrollmentCode(), STORED_HASH, T0)).get()
                .extracting(PatientAccount::pseudonym).isEqualTo(e.pseudonym());
    }

    @Test
    void schema_hasTheSameColumnTypesOnEveryDatabase() throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns "
                     + "WHERE LOWER(table_name) IN ('enrollment', 'consent_record', 'use_event')")) {
            while (rows.next()) {
                types.put((rows.getString(1) + "." + rows.getString(2)).toLowerCase(Locale.ROOT),
                        rows.getString(3).toLowerCase(Locale.ROOT));
            }
        }

        assertThat(types).hasSize(19).containsAllEntriesOf(Map.ofEntries(
                Map.entry("enrollment.pseudonym", "character varying"),
                Map.entry("enrollment.code_sha256", "character"),
                Map.entry("enrollment.enrolled_at", "timestamp with time zone"),
                Map.entry("enrollment.redeemed_at", "timestamp with time zone"),
                Map.entry("consent_record.version", "integer"),
                Map.entry("consent_record.terms_json", "character varying"),
                Map.entry("consent_record.valid_from", "timestamp with time zone"),
                Map.entry("consent_record.valid_until", "timestamp with time zone"),
                Map.entry("consent_record.opted_out", "boolean"),
                Map.entry("consent_record.recorded_at", "timestamp with time zone"),
                Map.entry("use_event.id", "bigint"),
                Map.entry("use_event.round_no", "integer"),
                Map.entry("use_event.used_at", "timestamp with time zone")));
    }

    @Test
    void open_urlOfAnotherDatabase_isRefusedNamingOnlyItsScheme() {
        assertThatThrownBy(() -> JdbcConsentStore.open("jdbc:mysql://db.example:3306/consent?password=hunter2", "u", new char[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("this one starts with jdbc:mysql:")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> JdbcConsentStore.open("postgres://consent:hunter2@db.example/consent", "u", new char[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("this one is not a JDBC URL")
                .hasMessageNotContaining("hunter2");
    }

    /** Neither the failure nor anything in its chain, printed as a log would print it, quotes these values. */
    static void assertQuotesNone(Throwable failure, String... values) {
        StringWriter printed = new StringWriter();
        failure.printStackTrace(new PrintWriter(printed));
        for (String value : values) {
            assertThat(printed.toString()).as("the failure as logged").doesNotContain(value);
        }
    }

    static ConsentRecord gru(String pseudonym, int version) {
        return new ConsentRecord(pseudonym, version, DuoPermission.GRU, Set.of(), Set.of(), Map.of(), Set.of(), Set.of(),
                T0, null, false, T0.plusSeconds(version));
    }

    /** A data source whose connections do everything but commit: a crash at the last moment. */
    static DataSource failingCommits(DataSource real) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(method, real, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("commit")) {
                                        throw new SQLException("simulated failure at commit", "08006");
                                    }
                                    return invoke(m, connection, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
