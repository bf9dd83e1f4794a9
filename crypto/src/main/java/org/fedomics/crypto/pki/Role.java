package org.fedomics.crypto.pki;

import java.util.Locale;

/** The kind of service a consortium certificate identifies; written lowercase into the subject OU. */
public enum Role {
    COORDINATOR,
    CONSENT,
    NODE;

    /** The name as it appears in certificates: "coordinator", "consent" or "node". */
    public String certName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a certificate OU value; only the exact lowercase names are accepted. */
    public static Role fromCertName(String certName) {
        for (Role role : values()) {
            if (role.certName().equals(certName)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown participant role '" + certName
                + "' (expected coordinator, consent or node)");
    }
}
