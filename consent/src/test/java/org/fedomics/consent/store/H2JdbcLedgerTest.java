package org.fedomics.consent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fedomics.consent.store.ConsentStoreContract.gru;

import java.nio.file.Path;
import org.fedomics.consent.ledger.Hash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger contract on the embedded default: an H2 file database in a temporary directory. */
class H2JdbcLedgerTest extends JdbcLedgerContract {
    @TempDir
    Path dir;

    @Override
    protected JdbcConsentStore openStore() {
        return JdbcConsentStore.open("jdbc:h2:file:" + dir.resolve("consent").toAbsolutePath(), "sa", new char[0]);
    }

    @Test
    void reopen_keepsTheLog_andAppendsContinueIt() {
        String p = store.enroll("Hospital A").pseudonym();
        store.append(gru(p, 1));
        store.append(gru(p, 2));
        Hash rootOfTwo = ledger.root(2);
        store.close();

        openFreshStore();
        store.append(gru(p, 3));

        assertThat(ledger.size()).isEqualTo(3);
        assertThat(ledger.root(2)).isEqualTo(rootOfTwo);
        assertThat(ledger.patientLedger(p, 3).entries()).hasSize(3);
    }
}
