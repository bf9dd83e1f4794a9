package org.fedomics.crypto.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fedomics.crypto.aead.EncryptedFiles;
import org.fedomics.crypto.aead.MasterKeyStore;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.ArtifactSigner;
import org.fedomics.crypto.token.ArtifactVerifier;
import org.fedomics.crypto.token.KeyIds;
import org.fedomics.crypto.token.PinnedKey;
import org.fedomics.crypto.token.TokenIssuer;
import org.fedomics.crypto.token.TokenVerifier;

/**
 * A quick end-to-end throughput table for the crypto module on this machine: at-rest
 * encryption and decryption against a plain page-cache read of the same size, token and
 * artifact verifications per second, and mutual TLS 1.3 handshakes per second on loopback.
 * Not a JMH benchmark (no forking, short warm-up): good for orders of magnitude and ratios.
 *
 * <p>Usage: {@code java ... org.fedomics.crypto.bench.CryptoBench [fileBytes]} (default 1 GiB;
 * suffixes k, m, g accepted). Needs about twice that much free space in the temp directory,
 * which is deleted afterwards.
 */
public final class CryptoBench {

    private static final int CHUNK = 1 << 20;
    private static final double MIB = 1024.0 * 1024.0;
    private static final byte[] CONTEXT = "bench;file=matrix".getBytes(StandardCharsets.UTF_8);

    private CryptoBench() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? parseSize(args[0]) : 1L << 30;
        run(System.out, bytes);
    }

    /** Runs every measurement and prints the table to {@code out}. */
    public static void run(PrintStream out, long fileBytes) throws Exception {
        if (fileBytes < CHUNK) {
            throw new IllegalArgumentException("file size must be at least 1 MiB");
        }
        out.printf("fedomics crypto bench: file %.0f MiB, Java %s, %d CPUs%n", fileBytes / MIB,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        out.printf("%-44s %7s %16s %10s%n", "operation", "threads", "rate", "vs plain");
        Path dir = Files.createTempDirectory("fedomics-bench");
        try {
            atRest(out, dir, fileBytes);
            tokens(out);
            handshakes(out);
        } finally {
            deleteTree(dir);
        }
    }

    private static void atRest(PrintStream out, Path dir, long fileBytes) throws Exception {
        MasterKeyStore keys = MasterKeyStore.create(dir.resolve("master.p12"),
                Passphrase.of("bench-only-passphrase".toCharArray()));
        EncryptedFiles files = new EncryptedFiles(keys);
        byte[] chunk = new byte[CHUNK];
        new Random(1).nextBytes(chunk);
        Path plain = dir.resolve("plain.bin");
        Path encrypted = dir.resolve("encrypted.enc");

        // AES-GCM runs ~30x slower until C2 has compiled the intrinsics (several hundred MiB):
        // warm up on a throw-away file so the table shows steady state
        Path warmUp = dir.resolve("warm-up.enc");
        long warmUpBytes = Math.min(fileBytes, 256L << 20);
        for (int round = 0; round < 3; round++) {
            try (OutputStream os = files.create(warmUp, CONTEXT)) {
                writeRepeated(os, chunk, warmUpBytes);
            }
            readDecrypted(files, warmUp);
        }
        Files.delete(warmUp);

        double plainWrite = seconds(() -> {
            try (OutputStream os = Files.newOutputStream(plain)) {
                writeRepeated(os, chunk, fileBytes);
            }
            // EncryptedFiles forces its file to disk before the atomic move; do the same here
            try (FileChannel channel = FileChannel.open(plain, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return null;
        });
        double encrypt = seconds(() -> {
            try (OutputStream os = files.create(encrypted, CONTEXT)) {
                writeRepeated(os, chunk, fileBytes);
            }
            return null;
        });
        readPlain(plain, 0, fileBytes); // warm the page cache
        double plainRead1 = seconds(() -> readPlain(plain, 0, fileBytes));
        double plainRead2 = seconds(() -> inParallel(2, fileBytes, (start, end) -> readPlain(plain, start, end)));
        readPlain(encrypted, 0, Files.size(encrypted)); // the ciphertext is read from page cache too
        double decrypt1 = seconds(() -> readDecrypted(files, encrypted));
        double decrypt2 = seconds(() -> inParallel(2, fileBytes, (start, end) -> readRange(files, encrypted, start, end)));

        double mb = fileBytes / MIB;
        // "vs plain": this rate divided by the plain operation's rate on the same bytes
        row(out, "plain write + fsync", 1, mb / plainWrite, "MiB/s", 1.0);
        row(out, "at-rest encrypt (write + fsync + move)", 1, mb / encrypt, "MiB/s", plainWrite / encrypt);
        row(out, "plain read (page cache)", 1, mb / plainRead1, "MiB/s", 1.0);
        row(out, "at-rest decrypt (stream)", 1, mb / decrypt1, "MiB/s", plainRead1 / decrypt1);
        row(out, "plain read (page cache)", 2, mb / plainRead2, "MiB/s", 1.0);
        row(out, "at-rest decrypt (seekable, range per thread)", 2, mb / decrypt2, "MiB/s", plainRead2 / decrypt2);
    }

    private static void tokens(PrintStream out) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        String kid = KeyIds.thumbprint(publicKey);
        int count = 5_000;
        TokenIssuer issuer = new TokenIssuer((ECPrivateKey) pair.getPrivate(), kid, "bench", Clock.systemUTC());
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(issuer.issue("patient+jwt", "p-" + i, "bench", List.of("patient"), Duration.ofMinutes(10)));
        }
        TokenVerifier verifier = new TokenVerifier(List.of(PinnedKey.es256(publicKey)),
                new TokenVerifier.Expectations("bench", "bench", "patient+jwt", Duration.ofSeconds(60),
                        Duration.ofHours(1), count), Clock.systemUTC());
        double tokenSeconds = seconds(() -> {
            for (String token : tokens) {
                verifier.verify(token);
            }
            return null;
        });
        row(out, "token verifications (ES256 JWT, all checks)", 1, count / tokenSeconds, "/s", Double.NaN);

        String artifact = new ArtifactSigner((ECPrivateKey) pair.getPrivate(), kid)
                .sign(new byte[4096], "fedomics-model+jws");
        ArtifactVerifier artifacts = new ArtifactVerifier(publicKey, "fedomics-model+jws");
        double artifactSeconds = seconds(() -> {
            for (int i = 0; i < count; i++) {
                artifacts.verify(artifact);
            }
            return null;
        });
        row(out, "artifact verifications (ES256, 4 KiB)", 1, count / artifactSeconds, "/s", Double.NaN);
    }

    private static void handshakes(PrintStream out) throws Exception {
        ConsortiumCa ca = ConsortiumCa.create("bench", Clock.systemUTC());
        Credential server = ca.issue(new ParticipantIdentity(Role.COORDINATOR, "coordinator"), List.of("127.0.0.1"),
                Duration.ofDays(1));
        Credential client = ca.issue(new ParticipantIdentity(Role.NODE, "node"), List.of(), Duration.ofDays(1));
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer http = await(vertx.createHttpServer(MutualTls.serverOptions(server, ClientAuth.REQUIRED, List.of()))
                    .requestHandler(request -> request.response().end(MutualTls.requirePeer(request, Role.NODE).name()))
                    .listen(0, "127.0.0.1"));
            // no keep-alive: every request opens a new connection, so each one is a full handshake
            HttpClientOptions options = MutualTls.clientOptions(client).setKeepAlive(false);
            HttpClientAgent agent = vertx.createHttpClient(options);
            int warmUp = 50;
            int count = 300;
            for (int i = 0; i < warmUp; i++) {
                get(agent, http.actualPort());
            }
            double elapsed = seconds(() -> {
                for (int i = 0; i < count; i++) {
                    get(agent, http.actualPort());
                }
                return null;
            });
            row(out, "mutual TLS 1.3 handshakes + GET (loopback)", 1, count / elapsed, "/s", Double.NaN);
            await(agent.close());
            await(http.close());
        } finally {
            await(vertx.close());
        }
    }

    private static void get(HttpClientAgent agent, int port) throws Exception {
        await(agent.request(HttpMethod.GET, port, "127.0.0.1", "/")
                .compose(request -> request.send())
                .compose(response -> response.body()));
    }

    private interface Range {
        Object read(long start, long end) throws Exception;
    }

    private static Object inParallel(int threads, long total, Range range) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Object>> parts = new ArrayList<>();
            long share = total / threads;
            for (int t = 0; t < threads; t++) {
                long start = t * share;
                long end = t == threads - 1 ? total : start + share;
                Callable<Object> task = () -> range.read(start, end);
                parts.add(pool.submit(task));
            }
            for (java.util.concurrent.Future<Object> part : parts) {
                part.get();
            }
            return null;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Object readPlain(Path file, long start, long end) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long position = start;
            while (position < end) {
                buffer.clear().limit((int) Math.min(CHUNK, end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                position += n;
            }
        }
        return null;
    }

    private static Object readDecrypted(EncryptedFiles files, Path file) throws IOException {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = files.open(file, CONTEXT)) {
            while (in.read(buffer) >= 0) {
                // discard: only throughput matters
            }
        }
        return null;
    }

    private static Object readRange(EncryptedFiles files, Path file, long start, long end) throws IOException {
        try (SeekableByteChannel channel = files.openSeekable(file, CONTEXT)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            channel.position(start);
            long position = start;
            while (position < end) {
                buffer.clear().limit((int) Math.min(CHUNK, end - position));
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                position += n;
            }
        }
        return null;
    }

    private static void writeRepeated(OutputStream out, byte[] chunk, long total) throws IOException {
        long written = 0;
        while (written < total) {
            int n = (int) Math.min(chunk.length, total - written);
            out.write(chunk, 0, n);
            written += n;
        }
    }

    private static double seconds(Callable<Object> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    }

    private static void row(PrintStream out, String operation, int threads, double rate, String unit, double ratio) {
        String vs = Double.isNaN(ratio) ? "" : String.format("%.2fx", ratio);
        out.printf("%-44s %7d %16s %10s%n", operation, threads, String.format("%.1f %s", rate, unit), vs);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    public static long parseSize(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
