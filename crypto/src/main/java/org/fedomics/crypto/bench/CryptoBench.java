package org.fedomics.crypto.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fedomics.crypto.aead.AesGcmProvider;
import org.fedomics.crypto.bench.LoopbackHttp.Transport;
import org.fedomics.crypto.token.TokenVerifier;

/**
 * A quick throughput table for the crypto module on this machine: at-rest encryption and
 * decryption next to a plain read of the same file by the same access method (a memory mapping), token and artifact
 * verifications per second, and what mutual TLS 1.3 costs on loopback (handshakes per second,
 * kept-alive requests against plain HTTP). Not JMH (no forks; see the {@code bench} Maven
 * profile for that): each at-rest figure is the median of {@value #REPEATS} interleaved runs
 * after the JIT has been warmed up, so ratios are fair even on a shared machine.
 *
 * <p>Usage: {@code java ... org.fedomics.crypto.bench.CryptoBench [fileBytes]} (default 1 GiB;
 * suffixes k, m, g accepted). Needs about twice that much free space in the temp directory,
 * which is deleted afterwards.
 */
public final class CryptoBench {

    private static final double MB = 1e6;
    private static final int REPEATS = 3;
    private static final long WARM_UP_FILE = 64L << 20;
    private static final int MAX_WARM_UP_PASSES = 100;
    private static final int IN_FLIGHT = 8;

    /**
     * How much work each measurement does: the file size, and counts large enough for a stable
     * figure on this class of machine (a test passes smaller ones); files go to a new directory
     * in {@code tempParent}, deleted at the end.
     */
    record Workload(long fileBytes, int warmUpSegments, int tokens, int keptAliveRequests, int handshakes,
            Path tempParent) {
        static Workload forFile(long fileBytes) {
            return new Workload(fileBytes, 3_000, 2_000, 20_000, 200, Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    private CryptoBench() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? parseSize(args[0]) : 1L << 30;
        run(System.out, bytes);
    }

    /** Runs every measurement and prints the table to {@code out}. */
    public static void run(PrintStream out, long fileBytes) throws Exception {
        run(out, Workload.forFile(fileBytes));
    }

    static void run(PrintStream out, Workload workload) throws Exception {
        long fileBytes = workload.fileBytes();
        if (fileBytes < AtRestWorkload.CHUNK) {
            throw new IllegalArgumentException("file size must be at least 1 MiB");
        }
        out.printf(Locale.ROOT, "fedomics crypto bench: file %.0f MiB, Java %s, %d CPUs, load average %.2f at start%n",
                fileBytes / (double) (1 << 20), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        atRest(out, workload);
        tokens(out, workload.tokens());
        tls(out, workload.keptAliveRequests(), workload.handshakes());
    }

    private static void atRest(PrintStream out, Workload workload) throws Exception {
        try (AtRestWorkload work = AtRestWorkload.inTempDirectory(workload.tempParent())) {
            warmUp(work, work.file("warm-up.enc"), Math.min(workload.fileBytes(), WARM_UP_FILE),
                    workload.warmUpSegments());
            measureAtRest(out, work, workload.fileBytes());
        }
    }

    private static void measureAtRest(PrintStream out, AtRestWorkload work, long fileBytes) throws Exception {
        Path plain = work.file("plain.bin");
        Path encrypted = work.file("encrypted.enc");
        double[] plainWrites = new double[REPEATS];
        double[] encrypts = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            // interleaved, so that load from elsewhere falls on both rows alike
            plainWrites[r] = rate(fileBytes, () -> {
                work.writePlain(plain, fileBytes);
                return fileBytes;
            });
            encrypts[r] = rate(fileBytes, () -> {
                work.encrypt(encrypted, fileBytes);
                return fileBytes;
            });
        }
        Files.delete(plain);
        long stored = Files.size(encrypted);
        work.plainRead(encrypted, 1); // the file is in the page cache for every read below
        double[] channelReads = new double[REPEATS];
        double[] plainReads = new double[REPEATS];
        double[] decrypts = new double[REPEATS];
        double[] streams = new double[REPEATS];
        double[] channelReadsTwoThreads = new double[REPEATS];
        double[] plainReadsTwoThreads = new double[REPEATS];
        double[] decryptsTwoThreads = new double[REPEATS];
        double[] directReads = new double[REPEATS];
        double[] inMemory = new double[REPEATS];
        double[] inMemoryJdk = new double[REPEATS];
        int segments = (int) (fileBytes / AtRestWorkload.CHUNK);
        for (int r = 0; r < REPEATS; r++) {
            channelReads[r] = rate(stored, () -> work.plainRead(encrypted, 1));
            plainReads[r] = rate(stored, () -> work.plainReadMapped(encrypted, 1));
            decrypts[r] = rate(fileBytes, () -> work.decrypt(encrypted, 1));
            streams[r] = rate(fileBytes, () -> work.decryptStream(encrypted));
            channelReadsTwoThreads[r] = rate(stored, () -> work.plainRead(encrypted, 2));
            plainReadsTwoThreads[r] = rate(stored, () -> work.plainReadMapped(encrypted, 2));
            decryptsTwoThreads[r] = rate(fileBytes, () -> work.decrypt(encrypted, 2));
            directReads[r] = rate(stored, () -> work.plainReadDirect(encrypted));
            inMemory[r] = rate(segments * (long) (AtRestWorkload.CHUNK - 16), () -> work.decryptInMemory(segments));
            inMemoryJdk[r] = rate(segments * (long) (AtRestWorkload.CHUNK - 16), () -> work.decryptInMemoryJdk(segments));
        }
        double plainWrite = median(plainWrites);
        double encrypt = median(encrypts);
        double channel1 = median(channelReads);
        double plain1 = median(plainReads);
        double decrypt1 = median(decrypts);
        double stream1 = median(streams);
        double plain2 = median(plainReadsTwoThreads);
        double decrypt2 = median(decryptsTwoThreads);
        double aesGcm = median(inMemory);
        double direct = median(directReads);
        double fastestRead = Math.max(plain1, Math.max(direct, channel1));

        out.println();
        out.println("at rest (MB = 10^6 bytes; \"vs plain\": this rate / the mmap plain row above it); AES-GCM for "
                + "decryption: " + AesGcmProvider.description());
        out.printf("%-68s %7s %12s %9s%n", "operation", "threads", "MB/s", "vs plain");
        atRestRow(out, "plain write + fsync", 1, plainWrite, Double.NaN);
        atRestRow(out, "encrypt: EncryptedFiles.write (Tink; + fsync + atomic move)", 1, encrypt,
                encrypt / plainWrite);
        atRestRow(out, "plain read of the same file (FileChannel, 1 MiB heap buffer)", 1, channel1, Double.NaN);
        atRestRow(out, "plain read of the same file (mmap, copied to a 1 MiB heap array)", 1, plain1, Double.NaN);
        atRestRow(out, "decrypt: EncryptedFiles.decryptSegments (mmap)", 1, decrypt1, decrypt1 / plain1);
        atRestRow(out, "decrypt: EncryptedFiles.open, InputStream into 1 MiB array", 1, stream1, stream1 / plain1);
        atRestRow(out, "plain read of the same file (FileChannel, 1 MiB heap buffer)", 2, median(channelReadsTwoThreads),
                Double.NaN);
        atRestRow(out, "plain read of the same file (mmap, copied to a 1 MiB heap array)", 2, plain2, Double.NaN);
        atRestRow(out, "decrypt: EncryptedFiles.decryptSegments (mmap)", 2, decrypt2, decrypt2 / plain2);
        atRestRow(out, "reference: plain read into a 1 MiB direct buffer", 1, direct, Double.NaN);
        atRestRow(out, "reference: AES-GCM decryption alone, 1 MiB in memory, no file", 1, aesGcm, aesGcm / plain1);
        atRestRow(out, "reference: JDK AES-GCM decryption alone, 1 MiB in memory, no file", 1, median(inMemoryJdk),
                median(inMemoryJdk) / plain1);
        out.printf(Locale.ROOT, "decryption: %.0f%% of the plain read on one thread (AES-GCM alone, with no read "
                        + "at all, would be %.0f%%); on two threads %.0f%% of the one-thread plain read (%.0f%% of "
                        + "the two-thread read)%n",
                100 * decrypt1 / plain1, 100 * aesGcm / plain1, 100 * decrypt2 / plain1, 100 * decrypt2 / plain2);
        out.printf(Locale.ROOT, "against the FileChannel read: %.0f%% on one thread; against the fastest one-thread "
                        + "plain read above (%.0f MB/s): %.0f%% on one thread, %.0f%% on two%n",
                100 * decrypt1 / channel1, fastestRead, 100 * decrypt1 / fastestRead, 100 * decrypt2 / fastestRead);
    }

    /**
     * The JDK's AES-GCM decrypts some 30 times slower until C2 has compiled its GHASH and counter
     * steps for the calls it sees, which takes several hundred 1 MiB segments (hundreds of MiB,
     * about ten seconds). Priming with smaller calls does not help: C2 compiles for those and
     * recompiles once 1 MiB segments arrive. So every path runs on a smaller file until
     * {@code minSegments} segments have been decrypted and one-thread decryption stops getting faster.
     */
    private static void warmUp(AtRestWorkload work, Path file, long bytes, int minSegments) throws Exception {
        work.encrypt(file, bytes);
        long segmentsPerPass = 3 * (bytes / AtRestWorkload.CHUNK + 1);
        long decrypted = 0;
        double best = 0;
        for (int pass = 0; pass < MAX_WARM_UP_PASSES; pass++) {
            work.decrypt(file, 2);
            double current = rate(bytes, () -> work.decrypt(file, 1));
            work.decryptStream(file);
            work.plainRead(file, 1);
            work.plainRead(file, 2);
            work.plainReadDirect(file);
            work.plainReadMapped(file, 1);
            work.plainReadMapped(file, 2);
            work.decryptInMemory((int) (bytes / AtRestWorkload.CHUNK));
            work.decryptInMemoryJdk((int) (bytes / AtRestWorkload.CHUNK));
            decrypted += segmentsPerPass;
            if (decrypted >= minSegments && current < best * 1.05) {
                break;
            }
            best = Math.max(best, current);
        }
        work.encrypt(file, bytes);
        work.encrypt(file, bytes);
        Files.delete(file);
    }

    private static void tokens(PrintStream out, int count) throws Exception {
        TokenWorkload work = new TokenWorkload();
        TokenWorkload.verifyAll(work.verifier(count), work.issue(count)); // warm-up
        for (int i = 0; i < count; i++) {
            work.verifyArtifact();
        }
        List<String> tokens = work.issue(count);
        TokenVerifier verifier = work.verifier(count);
        double tokenSeconds = seconds(() -> TokenWorkload.verifyAll(verifier, tokens));
        double artifactSeconds = seconds(() -> {
            for (int i = 0; i < count; i++) {
                work.verifyArtifact();
            }
        });
        out.println();
        out.printf("%-68s %7s %12s%n", "tokens and signatures", "threads", "per second");
        out.printf(Locale.ROOT, "%-68s %7d %12.0f%n", "token verifications (ES256 JWT, every check, one-time jti)", 1,
                count / tokenSeconds);
        out.printf(Locale.ROOT, "%-68s %7d %12.0f%n", "artifact verifications (ES256 JWS, 4 KiB payload)", 1,
                count / artifactSeconds);
    }

    private static void tls(PrintStream out, int keptAliveRequests, int handshakeCount) throws Exception {
        try (LoopbackHttp http = LoopbackHttp.start()) {
            http.run(Transport.PLAIN, keptAliveRequests / 4, IN_FLIGHT); // warm-up
            http.run(Transport.MUTUAL_TLS, keptAliveRequests / 4, IN_FLIGHT);
            http.run(Transport.MUTUAL_TLS_HANDSHAKE, handshakeCount / 2, IN_FLIGHT);
            double[] plain = requests(http, Transport.PLAIN, keptAliveRequests, keptAliveRequests / 5);
            double[] tls = requests(http, Transport.MUTUAL_TLS, keptAliveRequests, keptAliveRequests / 5);
            double[] handshakes = requests(http, Transport.MUTUAL_TLS_HANDSHAKE, handshakeCount, handshakeCount / 2);
            out.println();
            out.printf("%-68s %12s %12s%n", "HTTP on loopback (Vert.x, GET of 4 bytes)",
                    "requests/s", "mean latency");
            out.printf("%-68s %12s %12s%n", "", IN_FLIGHT + " in flight", "1 in flight");
            tlsRow(out, "plain HTTP/1.1, kept-alive connections", plain);
            tlsRow(out, "mutual TLS 1.3 (+ peer role check), kept-alive connections", tls);
            out.printf(Locale.ROOT, "%-68s %11.2fx %11.2fx%n", "mutual TLS vs plain", tls[0] / plain[0], tls[1] / plain[1]);
            tlsRow(out, "mutual TLS 1.3 handshakes (new connection per GET)", handshakes);
        }
    }

    /** Requests per second with {@link #IN_FLIGHT} outstanding, and mean latency in ms one at a time. */
    private static double[] requests(LoopbackHttp http, Transport transport, int throughputRequests,
            int latencyRequests) throws Exception {
        Duration throughput = http.run(transport, throughputRequests, IN_FLIGHT);
        Duration latency = http.run(transport, latencyRequests, 1);
        return new double[] {throughputRequests / (throughput.toNanos() / 1e9),
                latency.toNanos() / 1e6 / latencyRequests};
    }

    private static void tlsRow(PrintStream out, String what, double[] figures) {
        out.printf(Locale.ROOT, "%-68s %12.0f %9.3f ms%n", what, figures[0], figures[1]);
    }

    private static void atRestRow(PrintStream out, String operation, int threads, double mbPerSecond, double ratio) {
        String vs = Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * ratio);
        out.printf(Locale.ROOT, "%-68s %7d %12.0f %9s%n", operation, threads, mbPerSecond, vs);
    }

    /** Work that returns how many bytes it processed. */
    private interface Counted {
        long run() throws Exception;
    }

    /** MB/s of {@code work}, which must process exactly {@code expected} bytes. */
    private static double rate(long expected, Counted work) throws Exception {
        long start = System.nanoTime();
        long bytes = work.run();
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        if (bytes != expected) {
            throw new IllegalStateException("benchmark processed " + bytes + " bytes, expected " + expected);
        }
        return bytes / MB / seconds;
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double seconds(Timed work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1L << 10;
        } else if (t.endsWith("m")) {
            unit = 1L << 20;
        } else if (t.endsWith("g")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Math.multiplyExact(Long.parseLong(digits), unit);
    }
}
