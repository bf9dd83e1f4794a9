package org.fedomics.crypto.secagg;

import java.util.List;

/**
 * The session id: SHA-256 over the config (label, roster, threshold, sizes) and every advertised
 * key in roster order. It salts every derived key, so nothing encrypted or masked in one session
 * means anything in another round, study or key set.
 */
final class SessionId {

    private SessionId() {
    }

    static byte[] of(SecAggConfig config, List<Advertisement> advertisements) {
        WireWriter writer = new WireWriter(64 + 96 * advertisements.size())
                .string("fedomics-secagg-session-v1").raw(config.digest()).u32(advertisements.size());
        for (Advertisement advertisement : advertisements) {
            writer.string(advertisement.node()).raw(advertisement.encryptionKey()).raw(advertisement.maskKey());
        }
        return SecAggConfig.sha256(writer.toByteArray());
    }
}
