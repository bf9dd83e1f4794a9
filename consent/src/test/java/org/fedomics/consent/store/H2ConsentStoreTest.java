package org.fedomics.consent.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded default: an H2 file database in a temporary directory. */
class H2ConsentStoreTest extends ConsentStoreContract {
    @TempDir
    Path dir;

    @Override
    protected JdbcConsentStore openStore() {
        return JdbcConsentStore.open("jdbc:h2:file:" + dir.resolve("consent").toAbsolutePath(), "sa", new char[0]);
    }
}
