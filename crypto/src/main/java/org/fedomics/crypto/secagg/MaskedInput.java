package org.fedomics.crypto.secagg;

import java.util.Arrays;

/**
 * Stage 3, node to coordinator: y_u, packed in ceil(k / 8) little-endian bytes per element.
 *
 * <pre>"SAmi" u8 version | string sender | 32 session id | u8 k | u32 m | m x ceil(k/8) bytes</pre>
 */
final class MaskedInput {

    private MaskedInput() {
    }

    static byte[] encode(SecAggConfig config, String sender, byte[] sessionId, long[] masked) {
        int size = 5 + 2 + sender.length() + KeySchedule.SESSION_ID_BYTES + 1 + 4 + masked.length * config.bytesPerElement();
        return WireWriter.message(MessageKind.MASKED_INPUT, size).string(sender).raw(sessionId)
                .u8(config.modulusBits()).u32(masked.length).packed(masked, config.bytesPerElement()).toByteArray();
    }

    /** The sender named inside the message. */
    static String sender(byte[] message) throws Malformed {
        return WireReader.open(message, MessageKind.MASKED_INPUT).string("sender", 63);
    }

    /** y_u, checked against this session's id, k and m, every element below 2^k. */
    static long[] parse(byte[] message, SecAggConfig config, byte[] sessionId) throws Malformed {
        WireReader reader = WireReader.open(message, MessageKind.MASKED_INPUT);
        reader.string("sender", 63);
        if (!Arrays.equals(reader.raw(KeySchedule.SESSION_ID_BYTES, "session id"), sessionId)) {
            throw new Malformed("masked input belongs to another session");
        }
        int bits = reader.u8();
        if (bits != config.modulusBits()) {
            throw new Malformed("masked input is mod 2^" + bits + ", the session is mod 2^" + config.modulusBits());
        }
        int length = reader.u32InRange("vector length", config.vectorLength(), config.vectorLength());
        long[] values = reader.packed(length, config.bytesPerElement(), bits, "elements");
        reader.end();
        return values;
    }
}
