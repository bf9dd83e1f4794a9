package org.fedomics.crypto.pki;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a consortium participant is: its role and its name (a DNS-label-like name such as
 * "hospital-a"). The name is restricted so it can be used safely in certificate subjects,
 * file names and log lines.
 */
public record ParticipantIdentity(Role role, String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public ParticipantIdentity {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("participant name '" + name
                    + "' must match [a-z0-9][a-z0-9-]{0,62}");
        }
    }
}
