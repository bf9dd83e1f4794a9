package org.fedomics.crypto.secagg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes the big-endian, length-prefixed binary formats that {@link WireReader} reads back. */
final class WireWriter {

    private byte[] buffer;
    private int size;

    WireWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** A writer whose message starts with the kind's magic and the format version. */
    static WireWriter message(MessageKind kind, int initialCapacity) {
        WireWriter writer = new WireWriter(initialCapacity);
        writer.raw(kind.magic());
        writer.u8(MessageKind.VERSION);
        return writer;
    }

    WireWriter u8(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    WireWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("u16 out of range: " + value);
        }
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    WireWriter u32(long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Bytes whose length both sides know from the format (keys, digests, shares). */
    WireWriter raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** A u32 length, then the bytes. */
    WireWriter bytes(byte[] bytes) {
        u32(bytes.length);
        return raw(bytes);
    }

    /** A u16 length, then the UTF-8 bytes. */
    WireWriter string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        u16(utf8.length);
        return raw(utf8);
    }

    /**
     * Elements in {@code bytesPerElement} little-endian bytes each; every element must already be
     * below 2^(8 x bytesPerElement).
     */
    WireWriter packed(long[] elements, int bytesPerElement) {
        ensure(Math.multiplyExact(elements.length, bytesPerElement));
        byte[] out = buffer;
        int position = size;
        for (long element : elements) {
            long value = element;
            for (int b = 0; b < bytesPerElement; b++) {
                out[position++] = (byte) value;
                value >>>= 8;
            }
        }
        size = position;
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        int needed = Math.addExact(size, extra);
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buffer.length)));
        }
    }
}
