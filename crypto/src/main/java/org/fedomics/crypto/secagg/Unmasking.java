package org.fedomics.crypto.secagg;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 4, node to coordinator: for every node that sent shares, exactly one share: of its
 * self-mask seed b if it delivered its masked input, of its mask key s_SK if it dropped.
 *
 * <pre>"SAum" u8 version | string sender | 32 session id | u32 count | count x (string owner | u8 kind | share)</pre>
 */
record Unmasking(String sender, Map<String, Reveal> byOwner) {

    enum Kind {
        SEED(1), MASK_KEY(2);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    /** One revealed share of {@code owner}'s secret. */
    record Reveal(String owner, Kind kind, byte[] share) {
    }

    static byte[] encode(String sender, byte[] sessionId, Map<String, Reveal> reveals) {
        WireWriter writer = WireWriter.message(MessageKind.UNMASKING, 64 + 60 * reveals.size())
                .string(sender).raw(sessionId).u32(reveals.size());
        for (Reveal reveal : reveals.values()) {
            writer.string(reveal.owner()).u8(reveal.kind().code).raw(reveal.share());
        }
        return writer.toByteArray();
    }

    static Unmasking parse(byte[] message, byte[] sessionId, int maxCount) throws Malformed {
        WireReader reader = WireReader.open(message, MessageKind.UNMASKING);
        String sender = reader.string("sender", 63);
        if (!Arrays.equals(reader.raw(KeySchedule.SESSION_ID_BYTES, "session id"), sessionId)) {
            throw new Malformed("unmasking belongs to another session");
        }
        int count = reader.u32InRange("count", 0, maxCount);
        Map<String, Reveal> reveals = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String owner = reader.string("owner", 63);
            int code = reader.u8();
            Kind kind = code == Kind.SEED.code ? Kind.SEED : code == Kind.MASK_KEY.code ? Kind.MASK_KEY : null;
            if (kind == null) {
                throw new Malformed("unmasking names an unknown share kind " + code);
            }
            if (reveals.put(owner, new Reveal(owner, kind, reader.raw(ShareCiphertext.SHARE_BYTES, "share"))) != null) {
                throw new Malformed("unmasking reveals two shares of " + owner);
            }
        }
        reader.end();
        return new Unmasking(sender, Collections.unmodifiableMap(reveals));
    }
}
