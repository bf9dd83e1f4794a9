package org.fedomics.crypto.aead;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and decrypts single segments of one encrypted file into arrays it reuses. One per
 * thread: it owns its cipher and arrays; the file's mapping is shared (absolute reads only).
 */
final class SegmentReader {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentReader.class);

    private final Path file;
    private final MappedSegments mapped;
    private final SegmentLayout layout;
    private final SegmentCipher segments;
    private final Cipher cipher;
    private final byte[] ciphertext;
    private final byte[] plaintext;

    SegmentReader(Path file, MappedSegments mapped, SegmentLayout layout, SegmentCipher segments) throws IOException {
        this.file = file;
        this.mapped = mapped;
        this.layout = layout;
        this.segments = segments;
        try {
            this.cipher = SegmentCipher.newCipher();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + file + ": " + AesGcmProvider.TRANSFORMATION + " is not available", e);
        }
        // arrays: AES-GCM is fastest on them
        this.ciphertext = new byte[layout.maxCiphertextLength()];
        this.plaintext = new byte[layout.maxCiphertextLength()];
    }

    /**
     * The plaintext of {@code segment}, returned only once its tag has verified: a read-only view
     * that stays valid until the next call.
     *
     * @throws IOException naming the file if the segment cannot be read or does not authenticate
     */
    ByteBuffer read(int segment) throws IOException {
        int plaintextLength;
        try {
            int length = mapped.copy(segment, ciphertext);
            plaintextLength = segments.decrypt(cipher, segment, layout.isLast(segment), ciphertext, length, plaintext);
        } catch (GeneralSecurityException e) {
            LOG.debug("segment {} of {} segments of {} failed authentication", segment, layout.segmentCount(), file, e);
            throw authenticationFailed(file, e);
        } catch (InternalError e) {
            // a mapped page past the file's end (SIGBUS), reported at the copy or at the provider's
            // native call just after it; the plaintext array is never handed out after a failure
            throw new IOException("encrypted file " + file + " ended inside segment " + segment
                    + ": it was truncated in place while being read", e);
        }
        return ByteBuffer.wrap(plaintext, 0, plaintextLength).asReadOnlyBuffer();
    }

    /** What callers learn of a failed segment or stream header: which file, not why (that goes to the debug log). */
    static IOException authenticationFailed(Path file, Exception cause) {
        return new IOException("encrypted file " + file
                + " failed authentication: tampered, truncated, or opened with the wrong context", cause);
    }
}
