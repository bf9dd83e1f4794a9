package org.fedomics.crypto.secagg;

import java.nio.charset.StandardCharsets;

/**
 * Every message starts with a 4-byte magic naming its kind and a 1-byte format version, so a
 * message of one kind can never be parsed as another.
 */
enum MessageKind {
    ADVERTISEMENT("SAad", "advertisement"),
    SHARE_BUNDLE("SAsb", "share bundle"),
    ENCRYPTED_SHARE("SAes", "encrypted share"),
    SHARE_PLAINTEXT("SAsp", "share plaintext"),
    MASKED_INPUT("SAmi", "masked input"),
    UNMASKING("SAum", "unmasking");

    static final int VERSION = 1;

    private final byte[] magic;
    private final String description;

    MessageKind(String magic, String description) {
        this.magic = magic.getBytes(StandardCharsets.US_ASCII);
        this.description = description;
    }

    byte[] magic() {
        return magic.clone();
    }

    String description() {
        return description;
    }
}
