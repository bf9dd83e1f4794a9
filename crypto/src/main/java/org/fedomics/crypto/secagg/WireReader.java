package org.fedomics.crypto.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one message strictly: magic and version first, every length checked against its limit
 * and against the bytes left before anything is allocated, and trailing bytes refused.
 */
final class WireReader {

    private final byte[] data;
    private final MessageKind kind;
    private int position;

    private WireReader(byte[] data, MessageKind kind) {
        this.data = data;
        this.kind = kind;
    }

    /** Starts reading a message of {@code kind}: checks its magic and version. */
    static WireReader open(byte[] message, MessageKind kind) throws Malformed {
        if (message == null) {
            throw new Malformed(kind.description() + " is missing");
        }
        WireReader reader = new WireReader(message, kind);
        byte[] magic = kind.magic();
        if (message.length < magic.length + 1 || !Arrays.equals(message, 0, magic.length, magic, 0, magic.length)) {
            throw new Malformed("not a " + kind.description() + " (wrong magic)");
        }
        reader.position = magic.length;
        int version = reader.u8();
        if (version != MessageKind.VERSION) {
            throw new Malformed(kind.description() + " has format version " + version + ", expected " + MessageKind.VERSION);
        }
        return reader;
    }

    int u8() throws Malformed {
        need(1, "a byte");
        return data[position++] & 0xFF;
    }

    int u16() throws Malformed {
        need(2, "a 16-bit field");
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    long u32() throws Malformed {
        need(4, "a 32-bit field");
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    /** A count or length in a u32 field that must lie in [min, max]. */
    int u32InRange(String field, long min, long max) throws Malformed {
        long value = u32();
        if (value < min || value > max) {
            throw new Malformed(kind.description() + " field " + field + " is " + value + ", allowed " + min + ".." + max);
        }
        return (int) value;
    }

    /** Exactly {@code length} bytes. */
    byte[] raw(int length, String field) throws Malformed {
        need(length, field);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** A u32 length of at most {@code maxLength}, then that many bytes. */
    byte[] bytes(String field, int maxLength) throws Malformed {
        int length = u32InRange(field + " length", 0, maxLength);
        return raw(length, field);
    }

    /** A u16 length of at most {@code maxBytes}, then strict UTF-8. */
    String string(String field, int maxBytes) throws Malformed {
        int length = u16();
        if (length > maxBytes) {
            throw new Malformed(kind.description() + " field " + field + " is " + length + " bytes, at most " + maxBytes + " allowed");
        }
        need(length, field);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, position, length))
                    .toString();
            position += length;
            return text;
        } catch (CharacterCodingException e) {
            throw new Malformed(kind.description() + " field " + field + " is not valid UTF-8");
        }
    }

    /**
     * {@code count} little-endian elements of {@code bytesPerElement} (1..8) bytes, each below
     * 2^bits (bits at most 62).
     */
    long[] packed(int count, int bytesPerElement, int bits, String field) throws Malformed {
        need((long) count * bytesPerElement, field);
        long limit = (1L << bits) - 1;
        long[] out = new long[count];
        byte[] in = data;
        int p = position;
        for (int i = 0; i < count; i++) {
            long value = 0;
            for (int b = bytesPerElement - 1; b >= 0; b--) {
                value = (value << 8) | (in[p + b] & 0xFF);
            }
            p += bytesPerElement;
            if ((value & ~limit) != 0) {
                throw new Malformed(kind.description() + " field " + field + " element " + i + " is not below 2^" + bits);
            }
            out[i] = value;
        }
        position = p;
        return out;
    }

    /** Refuses trailing bytes. */
    void end() throws Malformed {
        if (position != data.length) {
            throw new Malformed(kind.description() + " has " + (data.length - position) + " trailing bytes");
        }
    }

    private void need(long length, String field) throws Malformed {
        if (length < 0 || length > data.length - position) {
            throw new Malformed(kind.description() + " is truncated in " + field);
        }
    }
}
