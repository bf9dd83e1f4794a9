package org.fedomics.crypto.aead;

import com.google.crypto.tink.KeysetHandle;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open encrypted file whose Tink stream, memory-mapped ({@link MappedSegments}), is decrypted
 * segment by segment with {@link AesGcmProvider}'s AES-GCM ({@link SegmentCipher}): sequentially through {@link SegmentReader}s, or with several
 * threads at once, since segments are independent.
 */
final class SegmentedFile implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedFile.class);

    private final Path file;
    private final FileChannel channel;
    private final SegmentLayout layout;
    private final MappedSegments mapped;
    private final SegmentCipher segments;

    private SegmentedFile(Path file, FileChannel channel, SegmentLayout layout, MappedSegments mapped,
            SegmentCipher segments) {
        this.file = file;
        this.channel = channel;
        this.layout = layout;
        this.mapped = mapped;
        this.segments = segments;
    }

    /**
     * Reads Tink's stream header at {@code streamStart} and derives the segment key. Takes over
     * {@code channel}: closing the result closes it (the caller closes it if this throws).
     */
    static SegmentedFile open(Path file, FileChannel channel, long streamStart, KeysetHandle dataKey,
            byte[] associatedData) throws IOException {
        int headerLength;
        int segmentSize;
        try {
            var parameters = SegmentCipher.parameters(dataKey);
            headerLength = SegmentCipher.headerLength(parameters);
            segmentSize = parameters.getCiphertextSegmentSizeBytes();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + file + ": unsupported data key", e);
        }
        SegmentLayout layout = SegmentLayout.of(file, streamStart, channel.size() - streamStart, headerLength, segmentSize);
        ByteBuffer header = ByteBuffer.allocate(headerLength);
        while (header.hasRemaining()) {
            if (channel.read(header, streamStart + header.position()) < 0) {
                throw new IOException("encrypted file " + file + " is truncated inside its stream header");
            }
        }
        SegmentCipher segments;
        try {
            segments = SegmentCipher.forStream(dataKey, header.array(), associatedData);
        } catch (GeneralSecurityException e) {
            LOG.debug("stream header of {} rejected", file, e);
            throw SegmentReader.authenticationFailed(file, e);
        }
        return new SegmentedFile(file, channel, layout, MappedSegments.map(file, channel, layout), segments);
    }

    SegmentLayout layout() {
        return layout;
    }

    /** A reader for one thread. */
    SegmentReader newReader() throws IOException {
        return new SegmentReader(file, mapped, layout, segments);
    }

    /**
     * Decrypts every segment, on up to {@code threads} threads (the calling thread is one of them),
     * handing each authenticated segment to {@code consumer} as soon as its tag has verified, in no
     * particular order. The first failure stops all threads and is thrown.
     */
    void decrypt(int threads, EncryptedFiles.SegmentConsumer consumer) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        Work work = new Work(consumer);
        int workers = Math.min(threads, layout.segmentCount());
        if (workers == 1) {
            work.run();
            return;
        }
        ExecutorService helpers = Executors.newFixedThreadPool(workers - 1, runnable -> {
            Thread thread = new Thread(runnable, "fedomics-decrypt");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 1; i < workers; i++) {
                running.add(helpers.submit(() -> {
                    work.run();
                    return null;
                }));
            }
            Throwable failure = null;
            try {
                work.run();
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            for (Future<Void> helper : running) {
                try {
                    helper.get();
                } catch (ExecutionException e) {
                    failure = first(failure, e.getCause());
                } catch (InterruptedException e) {
                    work.stop();
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while decrypting " + file);
                }
            }
            rethrow(failure);
        } finally {
            helpers.shutdownNow();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Segments handed out to whichever thread asks next, until all are done or one fails. */
    private final class Work {
        private final EncryptedFiles.SegmentConsumer consumer;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean failed = new AtomicBoolean();

        Work(EncryptedFiles.SegmentConsumer consumer) {
            this.consumer = consumer;
        }

        void run() throws IOException {
            SegmentReader reader = newReader();
            int segment;
            while (!failed.get() && (segment = next.getAndIncrement()) < layout.segmentCount()) {
                try {
                    consumer.accept(layout.plaintextOffset(segment), reader.read(segment));
                } catch (IOException | RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            }
        }

        void stop() {
            failed.set(true);
        }
    }

    private static Throwable first(Throwable failure, Throwable another) {
        if (failure == null) {
            return another;
        }
        failure.addSuppressed(another);
        return failure;
    }

    /** Rethrows what {@link Work#run} threw: an IOException, a RuntimeException or an Error. */
    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) failure;
    }
}
