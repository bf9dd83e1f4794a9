package org.fedomics.crypto.aead;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The ciphertext segments of one encrypted file, mapped read-only into memory in windows of whole
 * segments (at most 1 GiB each; one mapping can hold at most 2 GiB). Copying a segment out of the
 * page cache through a mapping is one copy, where {@link FileChannel#read} into a heap buffer is two
 * (the JDK reads into a direct buffer of its own first), and AES-GCM is fastest on arrays either way.
 *
 * <p>Only absolute reads, so threads share it. Java 17 cannot unmap: a window is released when the
 * garbage collector finds it unreachable, after the file is closed. On Linux a mapping holds no
 * lock: the file can still be deleted or atomically replaced (the mapping keeps the old bytes).
 */
final class MappedSegments {

    private static final long MAX_WINDOW_BYTES = 1L << 30;

    private final SegmentLayout layout;
    private final int segmentsPerWindow;
    private final MappedByteBuffer[] windows;

    private MappedSegments(SegmentLayout layout, int segmentsPerWindow, MappedByteBuffer[] windows) {
        this.layout = layout;
        this.segmentsPerWindow = segmentsPerWindow;
        this.windows = windows;
    }

    /** Maps every segment of {@code layout}; the mapping stays valid after {@code channel} is closed. */
    static MappedSegments map(Path file, FileChannel channel, SegmentLayout layout) throws IOException {
        int segmentsPerWindow = (int) Math.max(1, MAX_WINDOW_BYTES / layout.segmentSize());
        long windowBytes = (long) segmentsPerWindow * layout.segmentSize();
        long streamEnd = layout.streamStart() + (long) (layout.segmentCount() - 1) * layout.segmentSize()
                + layout.lastSegmentSize();
        MappedByteBuffer[] windows = new MappedByteBuffer[(layout.segmentCount() - 1) / segmentsPerWindow + 1];
        for (int w = 0; w < windows.length; w++) {
            long start = layout.streamStart() + w * windowBytes;
            try {
                windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(windowBytes, streamEnd - start));
            } catch (IOException e) {
                throw new IOException("cannot map encrypted file " + file + " into memory", e);
            }
        }
        return new MappedSegments(layout, segmentsPerWindow, windows);
    }

    /**
     * Copies the ciphertext of {@code segment} (tag included) into {@code destination} from index 0;
     * returns its length. If the file was cut short in place since it was mapped, the JVM reports
     * the missing pages (SIGBUS) with an {@link InternalError}, thrown here or, in compiled code, at
     * the thread's next transition into native code (see {@link SegmentReader#read}).
     */
    int copy(int segment, byte[] destination) throws IOException {
        int window = segment / segmentsPerWindow;
        long windowStart = layout.streamStart() + (long) window * segmentsPerWindow * layout.segmentSize();
        int length = layout.ciphertextLength(segment);
        windows[window].get((int) (layout.ciphertextPosition(segment) - windowStart), destination, 0, length);
        return length;
    }
}
