package org.fedomics.consent.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot verdicts contract on the embedded default: an H2 file database in a temporary directory. */
class H2SnapshotVerdictsTest extends SnapshotVerdictsContract {
    @TempDir
    Path dir;

    @Override
    protected EmptyDatabase emptyDatabase() {
        return new EmptyDatabase("jdbc:h2:file:" + dir.resolve("consent").toAbsolutePath(), "sa", "");
    }
}
