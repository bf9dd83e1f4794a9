package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded default: an H2 file database in a temporary directory. */
class H2ConsentStoreTest extends ConsentStoreContract {
    @TempDir
    Path dir;

    @Override
    protected JdbcConsentStore openStore() {
        return JdbcConsentStore.open(url(), "sa", new char[0]);
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("consent").toAbsolutePath();
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
}
