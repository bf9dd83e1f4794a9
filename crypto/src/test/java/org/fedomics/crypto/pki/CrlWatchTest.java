package org.fedomics.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The replacement rule for the list in force, on a real file, without Vert.x. */
class CrlWatchTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(NOW);
    private final ConsortiumCa ca = ConsortiumCa.create("test", clock);
    private final Credential node = ca.issue(new ParticipantIdentity(Role.NODE, "hospital-a"), List.of(), Duration.ofDays(1));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CrlWatch.class);
    private Path file;
    private CrlWatch watch;

    @BeforeEach
    void publishAndOpen() throws Exception {
        logs.start();
        logger.addAppender(logs);
        file = dir.resolve("crl.pem");
        ca.publishCrl(file);
        watch = CrlWatch.open(CrlFile.of(file), ca.certificate(), clock);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    @Test
    void check_fileUnchanged_keepsTheListAndReportsNothing() {
        RevocationList before = watch.current();

        assertThat(watch.check()).isEmpty();
        assertThat(watch.current()).isSameAs(before);
        assertThat(warnings()).isEmpty();
    }

    @Test
    void check_afterRevocationIsPublished_returnsAndAppliesTheNewList() throws Exception {
        ca.revoke(node.certificate());
        ca.publishCrl(file);

        RevocationList replaced = watch.check().orElseThrow();

        assertThat(replaced.isRevoked(node.certificate())).isTrue();
        assertThat(watch.current()).isSameAs(replaced);
        assertThat(watch.check()).as("reported once").isEmpty();
    }

    @Test
    void check_listForgedByAnotherCa_refusedWithAWarningNamingTheFileAndTheOldListStays() throws Exception {
        RevocationList before = watch.current();
        ConsortiumCa forger = ConsortiumCa.create("test", clock);
        forger.publishCrl(file);

        assertThat(watch.check()).isEmpty();
        assertThat(watch.check()).isEmpty();

        assertThat(watch.current()).isSameAs(before);
        assertThat(warnings()).singleElement().asString()
                .contains("refused: revocation list " + file + " is not signed by the consortium CA")
                .contains("list number " + before.number() + " stays in force");
    }

    @Test
    void check_olderListOfTheSameCa_refused() throws Exception {
        Path older = dir.resolve("older.pem");
        Files.copy(file, older);
        ca.revoke(node.certificate());
        ca.publishCrl(file);
        RevocationList newer = watch.check().orElseThrow();

        Files.copy(older, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(watch.check()).isEmpty();
        assertThat(watch.current()).isSameAs(newer);
        assertThat(watch.current().isRevoked(node.certificate())).as("a rollback cannot un-revoke").isTrue();
        assertThat(warnings()).singleElement().asString().contains("revocation list " + file + " has CRL number")
                .contains("not newer than number " + newer.number() + " in force");
    }

    @Test
    void check_malformedFile_refusedThenAValidNewerListIsStillAccepted() throws Exception {
        Files.writeString(file, "-----BEGIN X509 CRL-----\ntruncated");

        assertThat(watch.check()).isEmpty();
        assertThat(warnings()).singleElement().asString().contains("revocation list " + file + " is not a readable X.509 CRL");

        ca.revoke(node.certificate());
        ca.publishCrl(file);
        assertThat(watch.check()).hasValueSatisfying(list -> assertThat(list.isRevoked(node.certificate())).isTrue());
    }

    @Test
    void check_fileDeleted_warnsOnceAndKeepsTheList() throws Exception {
        RevocationList before = watch.current();
        Files.delete(file);

        assertThat(watch.check()).isEmpty();
        assertThat(watch.check()).isEmpty();

        assertThat(watch.current()).isSameAs(before);
        assertThat(warnings()).singleElement().asString().contains("cannot read revocation list " + file);
    }

    @Test
    void check_listPastItsNextUpdate_staysInForceWithOneWarning() {
        RevocationList before = watch.current();
        clock.set(before.nextUpdate().plusSeconds(1));

        assertThat(watch.check()).isEmpty();
        assertThat(watch.check()).isEmpty();

        assertThat(watch.current()).isSameAs(before);
        assertThat(warnings()).singleElement().asString().contains("is past its nextUpdate " + before.nextUpdate())
                .contains("stays in force");
    }

    @Test
    void open_missingOrForgedFile_failsNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path forged = dir.resolve("forged.pem");
        ConsortiumCa.create("test", clock).publishCrl(forged);

        assertThatThrownBy(() -> CrlWatch.open(CrlFile.of(missing), ca.certificate(), clock))
                .isInstanceOf(IOException.class).hasMessage("revocation list " + missing + " does not exist");
        assertThatThrownBy(() -> CrlWatch.open(CrlFile.of(forged), ca.certificate(), clock))
                .isInstanceOf(GeneralSecurityException.class).hasMessage("revocation list " + forged + " is not signed by the consortium CA");
    }

    @Test
    void crlFile_nonPositivePeriod_refused() {
        assertThatThrownBy(() -> new CrlFile(file, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 ms");
        assertThat(CrlFile.of(file).checkPeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
