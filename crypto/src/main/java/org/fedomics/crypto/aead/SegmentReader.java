package org.fedomics.crypto.aead;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and decrypts single segments of one encrypted file into buffers it reuses. One per
 * thread: it owns its cipher and buffers; the file channel is shared (positional reads only).
 */
final class SegmentReader {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentReader.class);

    private final Path file;
    private final FileChannel channel;
    private final SegmentLayout layout;
    private final SegmentCipher segments;
    private final Cipher cipher;
    private final ByteBuffer ciphertext;
    private final byte[] plaintext;

    SegmentReader(Path file, FileChannel channel, SegmentLayout layout, SegmentCipher segments) throws IOException {
        this.file = file;
        this.channel = channel;
        this.layout = layout;
        this.segments = segments;
        try {
            this.cipher = SegmentCipher.newCipher();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + file + ": " + AesGcmProvider.TRANSFORMATION + " is not available", e);
        }
        // a heap buffer: AES-GCM is fastest on arrays
        this.ciphertext = ByteBuffer.allocate(layout.maxCiphertextLength());
        this.plaintext = new byte[layout.maxCiphertextLength()];
    }

    /**
     * The plaintext of {@code segment}, returned only once its tag has verified: a read-only view
     * that stays valid until the next call.
     *
     * @throws IOException naming the file if the segment cannot be read or does not authenticate
     */
    ByteBuffer read(int segment) throws IOException {
        int length = layout.ciphertextLength(segment);
        long position = layout.ciphertextPosition(segment);
        ciphertext.clear().limit(length);
        while (ciphertext.hasRemaining()) {
            int read;
            try {
                read = channel.read(ciphertext, position + ciphertext.position());
            } catch (IOException e) {
                throw new IOException("cannot read encrypted file " + file, e);
            }
            if (read < 0) {
                throw new IOException("encrypted file " + file + " ended inside segment " + segment
                        + ": it was truncated while being read");
            }
        }
        int plaintextLength;
        try {
            plaintextLength = segments.decrypt(cipher, segment, layout.isLast(segment), ciphertext.array(), length, plaintext);
        } catch (GeneralSecurityException e) {
            LOG.debug("segment {} of {} segments of {} failed authentication", segment, layout.segmentCount(), file, e);
            throw authenticationFailed(file, e);
        }
        return ByteBuffer.wrap(plaintext, 0, plaintextLength).asReadOnlyBuffer();
    }

    /** What callers learn of a failed segment or stream header: which file, not why (that goes to the debug log). */
    static IOException authenticationFailed(Path file, Exception cause) {
        return new IOException("encrypted file " + file
                + " failed authentication: tampered, truncated, or opened with the wrong context", cause);
    }
}
