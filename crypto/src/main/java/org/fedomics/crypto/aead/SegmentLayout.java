package org.fedomics.crypto.aead;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where each segment of Tink's AES-GCM-HKDF streaming ciphertext lies in a file, computed from
 * the file's size the way Tink's seekable decrypting channel does. The stream starts at
 * {@code streamStart} with Tink's header (length byte, salt, nonce prefix); segment 0 holds the
 * header and {@code segmentSize - headerLength} ciphertext bytes, every later segment exactly
 * {@code segmentSize} bytes except the last, which may be shorter. Each ciphertext segment is
 * its plaintext followed by a 16-byte tag.
 *
 * <p>Nothing here is authenticated: a truncated or extended file yields a layout whose last
 * segment fails its tag (the nonce of the last segment differs from any other), so sizes can be
 * trusted only once the last segment has been decrypted.
 */
record SegmentLayout(long streamStart, int headerLength, int segmentSize, int segmentCount, int lastSegmentSize) {

    static final int TAG_BYTES = 16;

    /**
     * The layout of a stream of {@code streamSize} bytes.
     *
     * @throws IOException naming {@code file} if no Tink stream can have that size
     */
    static SegmentLayout of(Path file, long streamStart, long streamSize, int headerLength, int segmentSize)
            throws IOException {
        long fullSegments = streamSize / segmentSize;
        int remainder = (int) (streamSize % segmentSize);
        long segments = remainder > 0 ? fullSegments + 1 : fullSegments;
        if (remainder > 0 && remainder < TAG_BYTES) {
            throw new IOException("encrypted file " + file + " is truncated or extended: its last segment has "
                    + remainder + " bytes, fewer than a tag");
        }
        if (segments * TAG_BYTES + headerLength > streamSize) {
            throw new IOException("encrypted file " + file + " is truncated: " + streamSize
                    + " ciphertext bytes are too few for a stream header and one segment");
        }
        if (segments > Integer.MAX_VALUE) {
            throw new IOException("encrypted file " + file + " has more segments than supported (" + segments + ")");
        }
        return new SegmentLayout(streamStart, headerLength, segmentSize, (int) segments,
                remainder > 0 ? remainder : segmentSize);
    }

    boolean isLast(int segment) {
        return segment == segmentCount - 1;
    }

    /** File position of the segment's first ciphertext byte (after Tink's header for segment 0). */
    long ciphertextPosition(int segment) {
        return streamStart + (segment == 0 ? headerLength : (long) segment * segmentSize);
    }

    /** Ciphertext bytes of the segment, tag included. */
    int ciphertextLength(int segment) {
        int length = isLast(segment) ? lastSegmentSize : segmentSize;
        return segment == 0 ? length - headerLength : length;
    }

    /** Offset of the segment's first byte in the plaintext. */
    long plaintextOffset(int segment) {
        return segment == 0 ? 0 : (long) segment * (segmentSize - TAG_BYTES) - headerLength;
    }

    /** The segment holding plaintext byte {@code position}, which is below {@link #plaintextSize}. */
    int segmentAt(long position) {
        return (int) ((position + headerLength) / (segmentSize - TAG_BYTES));
    }

    /** Plaintext bytes of the whole file, if it authenticates. */
    long plaintextSize() {
        return plaintextOffset(segmentCount - 1) + ciphertextLength(segmentCount - 1) - TAG_BYTES;
    }

    /** The largest ciphertext segment, for buffer sizing. */
    int maxCiphertextLength() {
        return segmentCount == 1 ? ciphertextLength(0) : segmentSize;
    }
}
