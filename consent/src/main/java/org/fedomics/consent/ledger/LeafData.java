package org.fedomics.consent.ledger;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a ledger leaf holds, 65 bytes: a format version (1), the commitment to the patient's
 * pseudonym (see {@link CommitmentKey}) and the SHA-256 of the event body, which is stored apart.
 * The leaf hash is RFC 6962's hash of exactly these bytes.
 */
public record LeafData(Hash commitment, Hash bodyHash) {
    public static final byte VERSION = 1;
    public static final int LENGTH = 1 + 2 * Hash.LENGTH;

    public LeafData {
        Objects.requireNonNull(commitment, "commitment");
        Objects.requireNonNull(bodyHash, "bodyHash");
    }

    public byte[] bytes() {
        byte[] data = new byte[LENGTH];
        data[0] = VERSION;
        commitment.copyTo(data, 1);
        bodyHash.copyTo(data, 1 + Hash.LENGTH);
        return data;
    }

    public Hash leafHash() {
        return Rfc6962.hashLeaf(bytes());
    }

    /** Reads leaf bytes: exactly 65, version 1. */
    public static LeafData parse(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length != LENGTH) {
            throw new IllegalArgumentException("leaf data has " + LENGTH + " bytes, not " + data.length);
        }
        if (data[0] != VERSION) {
            throw new IllegalArgumentException("leaf data version " + data[0] + " is not " + VERSION);
        }
        return new LeafData(Hash.of(Arrays.copyOfRange(data, 1, 1 + Hash.LENGTH)),
                Hash.of(Arrays.copyOfRange(data, 1 + Hash.LENGTH, LENGTH)));
    }
}
