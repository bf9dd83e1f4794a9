package org.fedomics.consent.web;

import org.fedomics.crypto.token.TokenRejectedException;
import org.fedomics.crypto.token.TokenVerifier;

/**
 * Bearer authentication of session tokens with a pinned-key JWT verifier; the subject is the
 * token's {@code sub}. A session token is presented with every request until it expires.
 */
public final class JwtBearerAuth implements BearerAuth {
    private static final String PREFIX = "Bearer ";
    private final TokenVerifier verifier;

    public JwtBearerAuth(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public ServiceResult<String> subject(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return ServiceResult.fail(ServiceResult.Reason.UNAUTHORIZED, "unauthorized");
        }
        try {
            return ServiceResult.ok(verifier.verifySession(authorizationHeader.substring(PREFIX.length()).trim()).subject());
        } catch (TokenRejectedException e) {
            return ServiceResult.fail(ServiceResult.Reason.UNAUTHORIZED, "unauthorized");
        }
    }
}
