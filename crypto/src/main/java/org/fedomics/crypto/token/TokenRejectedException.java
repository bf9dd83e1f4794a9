package org.fedomics.crypto.token;

import java.security.GeneralSecurityException;

/** Any token the verifier refuses. The message is always the same; the reason is in the debug log. */
public final class TokenRejectedException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    TokenRejectedException() {
        super("invalid token");
    }
}
