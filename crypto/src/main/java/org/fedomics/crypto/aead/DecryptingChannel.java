package org.fedomics.crypto.aead;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Random access to the plaintext of an encrypted file: each read decrypts the segments it
 * touches and releases their bytes only after their tags verified. End of file is reported only
 * once the last segment (whose nonce says "last") has verified, so a truncated file never reads
 * as complete. Segments are independent: several channels on one file can read different ranges
 * on different threads.
 */
final class DecryptingChannel implements SeekableByteChannel {

    private final SegmentedFile file;
    private final SegmentLayout layout;
    private final SegmentReader reader;
    private long position;
    private int loadedSegment = -1;
    private ByteBuffer loaded;
    private boolean open = true;

    DecryptingChannel(SegmentedFile file) throws IOException {
        this.file = file;
        this.layout = file.layout();
        this.reader = file.newReader();
    }

    @Override
    public synchronized int read(ByteBuffer destination) throws IOException {
        ensureOpen();
        long size = layout.plaintextSize();
        if (position >= size) {
            load(layout.segmentCount() - 1);
            return -1;
        }
        int start = destination.position();
        while (destination.hasRemaining() && position < size) {
            int segment = layout.segmentAt(position);
            load(segment);
            ByteBuffer slice = loaded.duplicate();
            slice.position((int) (position - layout.plaintextOffset(segment)));
            slice.limit(slice.position() + Math.min(slice.remaining(), destination.remaining()));
            position += slice.remaining();
            destination.put(slice);
        }
        return destination.position() - start;
    }

    /** The plaintext size the file's length implies; authenticated only once the last segment has been read. */
    @Override
    public synchronized long size() throws IOException {
        ensureOpen();
        return layout.plaintextSize();
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() throws IOException {
        if (open) {
            open = false;
            file.close();
        }
    }

    private void load(int segment) throws IOException {
        if (segment != loadedSegment) {
            loadedSegment = -1;
            loaded = reader.read(segment);
            loadedSegment = segment;
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
