package org.fedomics.crypto.aead;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The plaintext of an encrypted file, one authenticated segment at a time: a segment's bytes are
 * handed out only after its tag has verified, and end of stream is reported only after the last
 * segment (whose nonce says "last") has verified, so a truncated file never looks complete.
 * After a failure every further read fails the same way.
 */
final class DecryptingInputStream extends InputStream {

    private final SegmentedFile file;
    private final SegmentReader reader;
    private ByteBuffer segment = ByteBuffer.allocate(0);
    private int nextSegment;
    private IOException failure;
    private boolean closed;

    DecryptingInputStream(SegmentedFile file) throws IOException {
        this.file = file;
        this.reader = file.newReader();
    }

    @Override
    public int read() throws IOException {
        return hasBytes() ? segment.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (!hasBytes()) {
            return -1;
        }
        int n = Math.min(length, segment.remaining());
        segment.get(bytes, offset, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        ensureOpen();
        return segment.remaining();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            file.close();
        }
    }

    /** Decrypts segments until one has unread bytes; false at the authenticated end. */
    private boolean hasBytes() throws IOException {
        ensureOpen();
        if (failure != null) {
            throw failure;
        }
        while (!segment.hasRemaining()) {
            if (nextSegment == file.layout().segmentCount()) {
                return false;
            }
            try {
                segment = reader.read(nextSegment++);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
        return true;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream is closed");
        }
    }
}
