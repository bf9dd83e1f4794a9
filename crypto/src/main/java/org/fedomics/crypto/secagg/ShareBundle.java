package org.fedomics.crypto.secagg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stage 2, node to coordinator: one {@link ShareCiphertext} for every other advertiser.
 *
 * <pre>"SAsb" u8 version | string sender | 32 session id | u32 count | count x bytes encrypted share</pre>
 */
record ShareBundle(String sender, List<byte[]> ciphertexts) {

    private static final int MAX_CIPHERTEXT_MESSAGE = 1024;

    static byte[] encode(String sender, byte[] sessionId, List<byte[]> ciphertexts) {
        WireWriter writer = WireWriter.message(MessageKind.SHARE_BUNDLE, 64 + 200 * ciphertexts.size())
                .string(sender).raw(sessionId).u32(ciphertexts.size());
        ciphertexts.forEach(writer::bytes);
        return writer.toByteArray();
    }

    static ShareBundle parse(byte[] message, byte[] sessionId, int maxCount) throws Malformed {
        WireReader reader = WireReader.open(message, MessageKind.SHARE_BUNDLE);
        String sender = reader.string("sender", 63);
        if (!Arrays.equals(reader.raw(KeySchedule.SESSION_ID_BYTES, "session id"), sessionId)) {
            throw new Malformed("share bundle belongs to another session");
        }
        int count = reader.u32InRange("count", 0, maxCount);
        List<byte[]> ciphertexts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ciphertexts.add(reader.bytes("encrypted share", MAX_CIPHERTEXT_MESSAGE));
        }
        reader.end();
        return new ShareBundle(sender, List.copyOf(ciphertexts));
    }
}
