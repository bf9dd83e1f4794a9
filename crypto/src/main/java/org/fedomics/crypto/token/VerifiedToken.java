package org.fedomics.crypto.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A token that passed every check of a {@link TokenVerifier}. Only the verifier can create one
 * (a class rather than a record because a record's constructor is always as visible as the
 * record), so holding a {@code VerifiedToken} is proof of verification.
 */
public final class VerifiedToken {

    private final String subject;
    private final String issuer;
    private final List<String> roles;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String tokenId;
    private final String keyId;
    private final Map<String, Object> claims;

    VerifiedToken(String subject, String issuer, List<String> roles, Instant issuedAt, Instant expiresAt,
            String tokenId, String keyId, Map<String, Object> claims) {
        this.subject = subject;
        this.issuer = issuer;
        this.roles = List.copyOf(roles);
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.tokenId = tokenId;
        this.keyId = keyId;
        this.claims = claims;
    }

    /** The {@code sub} claim: a patient pseudonym, researcher or steward id. */
    public String subject() {
        return subject;
    }

    public String issuer() {
        return issuer;
    }

    /** The {@code roles} claim (empty if absent). */
    public List<String> roles() {
        return roles;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** The {@code jti} claim. */
    public String tokenId() {
        return tokenId;
    }

    /** The {@code kid} of the pinned key that verified the token. */
    public String keyId() {
        return keyId;
    }

    /** All claims (unmodifiable; dates as {@link java.util.Date}, as parsed by nimbus). */
    public Map<String, Object> claims() {
        return claims;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedToken that && tokenId.equals(that.tokenId) && keyId.equals(that.keyId)
                && claims.equals(that.claims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tokenId, keyId);
    }

    @Override
    public String toString() {
        // subject may be a pseudonym: keep it out of log lines built from toString()
        return "VerifiedToken[jti=" + tokenId + ", roles=" + roles + ", expiresAt=" + expiresAt + "]";
    }
}
