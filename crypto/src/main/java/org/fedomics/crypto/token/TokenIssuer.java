package org.fedomics.crypto.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.fedomics.crypto.pki.Credential;

/**
 * Issues signed JWTs for people (patients, researchers, stewards): ES256, {@code typ} such as
 * {@code patient+jwt}, and the claims {@link TokenVerifier} requires: iss, sub, aud, iat, exp
 * and a random jti.
 */
public final class TokenIssuer {

    private static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "roles");

    /** A JWT is a JWS over its claims: the artifact signer writes header and signature. */
    private final ArtifactSigner signer;
    private final String issuer;
    private final Clock clock;

    public TokenIssuer(ECPrivateKey privateKey, String keyId, String issuer, Clock clock) {
        this.signer = new ArtifactSigner(privateKey, keyId);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Issues with a consortium credential's key; kid is the thumbprint of the certificate's key. */
    public TokenIssuer(Credential credential, String issuer, Clock clock) {
        this((ECPrivateKey) requireEc(credential), KeyIds.thumbprint(ArtifactSigner.ecPublicKey(credential)), issuer, clock);
    }

    /** A token of {@code type} for {@code subject}, valid for {@code audience} during {@code lifetime}. */
    public String issue(String type, String subject, String audience, Collection<String> roles, Duration lifetime) {
        return issue(type, subject, audience, roles, lifetime, Map.of());
    }

    /** As above with extra claims (which may not override the registered ones or {@code roles}). */
    public String issue(String type, String subject, String audience, Collection<String> roles, Duration lifetime,
            Map<String, ?> extraClaims) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(roles, "roles");
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", List.copyOf(roles));
        extraClaims.forEach((name, value) -> {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("extra claim '" + name + "' would override a registered claim");
            }
            claims.claim(name, value);
        });
        String token = signer.sign(claims.build().toString().getBytes(StandardCharsets.UTF_8), type);
        if (token.length() > TokenVerifier.MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("token would be " + token.length() + " characters, more than the "
                    + TokenVerifier.MAX_TOKEN_CHARS + " a verifier accepts: use fewer or shorter claims");
        }
        return token;
    }

    public String keyId() {
        return signer.keyId();
    }

    private static java.security.PrivateKey requireEc(Credential credential) {
        if (!(credential.privateKey() instanceof ECPrivateKey key)) {
            throw new IllegalArgumentException("credential key is not an EC key");
        }
        return key;
    }

    @Override
    public String toString() {
        return "TokenIssuer[iss=" + issuer + ", kid=" + signer.keyId() + "]";
    }
}
