package org.fedomics.crypto.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fedomics.crypto.aead.AesGcmProvider;
import org.fedomics.crypto.aead.EncryptedFiles;
import org.fedomics.crypto.aead.MasterKeyStore;
import org.fedomics.crypto.aead.Passphrase;

/**
 * The at-rest operations that {@link CryptoBench} and the JMH benchmarks time, in a temporary
 * directory holding a throw-away master keystore, deleted on {@link #close}. {@link #plainReadMapped}
 * reads as {@link EncryptedFiles#decryptSegments} reads its ciphertext (a read-only memory mapping,
 * copied 1 MiB at a time into a reused heap array per thread), so it is the like-for-like baseline:
 * the only difference is the AES-GCM work. {@link #plainRead} is the ordinary {@link FileChannel}
 * read into a 1 MiB heap buffer, kept for comparison.
 */
public final class AtRestWorkload implements AutoCloseable {

    /** Read and write unit: 1 MiB, Tink's segment size. */
    public static final int CHUNK = 1 << 20;
    private static final long MAPPED_WINDOW = 1L << 30;
    private static final byte[] CONTEXT = "bench;file=matrix".getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private final EncryptedFiles files;
    private final byte[] chunk = new byte[CHUNK];
    private final InMemorySegment inMemory;
    private final InMemorySegment inMemoryJdk;

    /** One encrypted 1 MiB segment in memory and a cipher for it, for {@link #decryptInMemory}. */
    private static final class InMemorySegment {
        private final SecretKeySpec key;
        private final GCMParameterSpec nonce = new GCMParameterSpec(128, new byte[12]);
        private final Cipher cipher;
        private final byte[] ciphertext;
        private final byte[] plaintext;

        InMemorySegment(byte[] plaintext, Cipher cipher) throws GeneralSecurityException {
            byte[] keyBytes = new byte[32];
            new SecureRandom().nextBytes(keyBytes);
            key = new SecretKeySpec(keyBytes, "AES");
            this.cipher = cipher;
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce);
            ciphertext = cipher.doFinal(plaintext, 0, plaintext.length - 16);
            this.plaintext = new byte[plaintext.length];
        }

        long decrypt(int segments) throws GeneralSecurityException {
            long done = 0;
            for (int i = 0; i < segments; i++) {
                cipher.init(Cipher.DECRYPT_MODE, key, nonce);
                done += cipher.doFinal(ciphertext, 0, ciphertext.length, plaintext, 0);
            }
            return done;
        }
    }

    private AtRestWorkload(Path dir, EncryptedFiles files) throws GeneralSecurityException {
        this.dir = dir;
        this.files = files;
        new Random(1).nextBytes(chunk);
        this.inMemory = new InMemorySegment(chunk, AesGcmProvider.newCipher());
        this.inMemoryJdk = new InMemorySegment(chunk, Cipher.getInstance("AES/GCM/NoPadding"));
    }

    /** A new directory {@code fedomics-bench...} in {@code parent}, with a master keystore in it. */
    public static AtRestWorkload inTempDirectory(Path parent) throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory(parent, "fedomics-bench");
        try {
            MasterKeyStore keys = MasterKeyStore.create(dir.resolve("master.p12"),
                    Passphrase.of("bench-only-passphrase".toCharArray()));
            return new AtRestWorkload(dir, new EncryptedFiles(keys));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** A path for a file in the directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() throws IOException {
        deleteTree(dir);
    }

    /** Writes {@code bytes} of plaintext to {@code file} and forces it to disk. */
    public void writePlain(Path file, long bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeRepeated(out, bytes);
        }
        // EncryptedFiles forces its file to disk before the atomic move; do the same here
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Encrypts {@code bytes} of plaintext into {@code file}: write, force to disk, atomic move. */
    public void encrypt(Path file, long bytes) throws IOException {
        files.write(file, CONTEXT, out -> writeRepeated(out, bytes));
    }

    /**
     * Reads every byte of {@code file} without decrypting through {@link FileChannel} positional
     * reads into a reused 1 MiB heap buffer per thread, on {@code threads} threads; returns the bytes read.
     */
    public long plainRead(Path file, int threads) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            AtomicLong nextChunk = new AtomicLong();
            LongAdder read = new LongAdder();
            onThreads(threads, () -> {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                long index;
                while ((index = nextChunk.getAndIncrement()) * CHUNK < size) {
                    long position = index * CHUNK;
                    buffer.clear().limit((int) Math.min(CHUNK, size - position));
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, position + buffer.position()) < 0) {
                            throw new IOException(file + " shrank while being read");
                        }
                    }
                    read.add(buffer.position());
                }
            });
            return read.sum();
        }
    }

    /**
     * A reference, not a baseline: the same read into a direct buffer, which saves the JDK's copy
     * from its own direct buffer into the heap (AES-GCM on direct buffers is slower than on arrays,
     * and the Amazon Corretto Crypto Provider copies them into arrays).
     */
    public long plainReadDirect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long position = 0;
            int n;
            while ((n = channel.read(buffer.clear(), position)) >= 0) {
                position += n;
            }
            return position;
        }
    }

    /**
     * Every byte of the file through a read-only memory mapping, copied 1 MiB at a time into a
     * reused heap array per thread, on {@code threads} threads, as decryption reads its ciphertext.
     * Mapped in windows of at most 1 GiB, each released when the garbage collector finds it
     * unreachable. Returns the bytes read.
     */
    public long plainReadMapped(Path file, int threads) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            List<MappedByteBuffer> windows = new ArrayList<>();
            for (long start = 0; start < size; start += MAPPED_WINDOW) {
                windows.add(channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(MAPPED_WINDOW, size - start)));
            }
            AtomicLong nextChunk = new AtomicLong();
            LongAdder read = new LongAdder();
            onThreads(threads, () -> {
                byte[] buffer = new byte[CHUNK];
                long index;
                while ((index = nextChunk.getAndIncrement()) * CHUNK < size) {
                    long position = index * CHUNK;
                    int length = (int) Math.min(CHUNK, size - position);
                    windows.get((int) (position / MAPPED_WINDOW)).get((int) (position % MAPPED_WINDOW), buffer, 0, length);
                    read.add(length);
                }
            });
            return read.sum();
        }
    }

    /**
     * AES-GCM alone, no file, with the provider that decrypts segments ({@link AesGcmProvider}):
     * decrypts one in-memory 1 MiB segment (Tink's segment size, under a throw-away key)
     * {@code segments} times, array to array as decryption does; returns the plaintext bytes,
     * {@code segments * (CHUNK - 16)}. What one thread cannot beat, whatever reading costs.
     */
    public long decryptInMemory(int segments) throws GeneralSecurityException {
        return inMemory.decrypt(segments);
    }

    /** As {@link #decryptInMemory}, with the JDK's AES-GCM. */
    public long decryptInMemoryJdk(int segments) throws GeneralSecurityException {
        return inMemoryJdk.decrypt(segments);
    }

    /** Decrypts {@code file} with {@link EncryptedFiles#decryptSegments} on {@code threads} threads; returns the plaintext bytes. */
    public long decrypt(Path file, int threads) throws IOException {
        LongAdder plaintext = new LongAdder();
        files.decryptSegments(file, CONTEXT, threads, (offset, segment) -> plaintext.add(segment.remaining()));
        return plaintext.sum();
    }

    /** Decrypts {@code file} through {@link EncryptedFiles#open}, read into a 1 MiB array; returns the plaintext bytes. */
    public long decryptStream(Path file) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try (InputStream in = files.open(file, CONTEXT)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        }
        return total;
    }

    private void writeRepeated(OutputStream out, long total) throws IOException {
        long written = 0;
        while (written < total) {
            int n = (int) Math.min(chunk.length, total - written);
            out.write(chunk, 0, n);
            written += n;
        }
    }

    /** One thread's share of a read. */
    private interface ReadTask {
        void run() throws IOException;
    }

    /**
     * Runs {@code task} on {@code threads} threads at once and waits for all of them: on the
     * calling thread alone for one, as {@link EncryptedFiles#decryptSegments} does.
     */
    private static void onThreads(int threads, ReadTask task) throws IOException {
        if (threads == 1) {
            task.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            for (Future<Void> future : running) {
                future.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
