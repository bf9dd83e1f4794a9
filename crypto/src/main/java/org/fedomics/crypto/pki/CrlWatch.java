package org.fedomics.crypto.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation list in force at one running service, and the rule for replacing it from the
 * published file: a new list must verify under the consortium CA ({@link RevocationList}) and
 * carry a larger CRL number than the list in force. A file that is unreadable, malformed, signed
 * by anyone else or older is refused with a warning naming the file, and the list in force stays.
 *
 * <p>A list past its nextUpdate stays in force: its revocations remain true, while refusing every
 * peer would stop the consortium whenever the CA is late. The service warns, once per list, that
 * the list is overdue.
 *
 * <p>No Vert.x here: {@link CrlReloader} calls {@link #check()} on a timer.
 */
public final class CrlWatch {

    private static final Logger LOG = LoggerFactory.getLogger(CrlWatch.class);

    private final CrlFile file;
    private final X509Certificate ca;
    private final Clock clock;
    private RevocationList current;
    private byte[] currentBytes;
    /** The last file content refused, so an unchanged bad file is neither parsed nor reported again. */
    private byte[] refusedBytes;
    /** The last read failure reported, so a file missing for minutes is reported once. */
    private String readProblem;
    private boolean overdueReported;

    private CrlWatch(CrlFile file, X509Certificate ca, Clock clock, RevocationList current, byte[] currentBytes) {
        this.file = file;
        this.ca = ca;
        this.clock = clock;
        this.current = current;
        this.currentBytes = currentBytes;
    }

    /**
     * Loads the published list a service starts with.
     *
     * @throws IOException naming the file if it is missing or unreadable
     * @throws GeneralSecurityException naming the file if it is not a valid CRL of the consortium CA:
     *     a service does not start without the list
     */
    public static CrlWatch open(CrlFile file, X509Certificate ca, Clock clock) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(clock, "clock");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (NoSuchFileException e) {
            throw new IOException("revocation list " + file.path() + " does not exist", e);
        }
        RevocationList list = RevocationList.parse(bytes, ca, describe(file));
        CrlWatch watch = new CrlWatch(file, ca, clock, list, bytes);
        LOG.info("revocation list {} in force: number {}, {} revoked, next update {}; checked every {}",
                file.path(), list.number(), list.size(), list.nextUpdate(), file.checkPeriod());
        watch.reportIfOverdue();
        return watch;
    }

    public CrlFile file() {
        return file;
    }

    /** The list in force. */
    public synchronized RevocationList current() {
        return current;
    }

    /**
     * Reads the file again. Returns the new list if the file now holds a valid list newer than
     * the one in force (which it replaces); otherwise nothing changes and the result is empty.
     */
    public synchronized Optional<RevocationList> check() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(readProblem)) {
                LOG.warn("cannot read revocation list {} ({}); list number {} stays in force",
                        file.path(), problem, current.number());
                readProblem = problem;
            }
            return Optional.empty();
        }
        readProblem = null;
        if (Arrays.equals(bytes, currentBytes) || Arrays.equals(bytes, refusedBytes)) {
            reportIfOverdue();
            return Optional.empty();
        }
        RevocationList candidate;
        try {
            candidate = RevocationList.parse(bytes, ca, describe(file));
        } catch (GeneralSecurityException e) {
            return refuse(bytes, e.getMessage());
        }
        if (!candidate.isNewerThan(current)) {
            return refuse(bytes, describe(file) + " has CRL number " + candidate.number()
                    + ", not newer than number " + current.number() + " in force");
        }
        current = candidate;
        currentBytes = bytes;
        refusedBytes = null;
        overdueReported = false;
        LOG.info("revocation list {} replaced: number {}, {} revoked, next update {}",
                file.path(), candidate.number(), candidate.size(), candidate.nextUpdate());
        reportIfOverdue();
        return Optional.of(candidate);
    }

    private Optional<RevocationList> refuse(byte[] bytes, String reason) {
        refusedBytes = bytes;
        LOG.warn("refused: {}; list number {} stays in force", reason, current.number());
        return Optional.empty();
    }

    private void reportIfOverdue() {
        if (!overdueReported && current.isOverdue(clock.instant())) {
            LOG.warn("revocation list {} (number {}) is past its nextUpdate {}; it stays in force until the consortium CA"
                    + " publishes a newer one", file.path(), current.number(), current.nextUpdate());
            overdueReported = true;
        }
    }

    private static String describe(CrlFile file) {
        return "revocation list " + file.path();
    }

    @Override
    public String toString() {
        return "CrlWatch[" + file.path() + ", in force " + current() + "]";
    }
}
