package org.fedomics.crypto.secagg;

/** The four rounds of the protocol (Bonawitz et al., CCS 2017), named in every error. */
enum Stage {
    ADVERTISE_KEYS("stage 1 (advertise keys)"),
    SHARE_KEYS("stage 2 (share keys)"),
    MASKED_INPUT("stage 3 (masked input)"),
    UNMASKING("stage 4 (unmasking)");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
