package org.fedomics.crypto.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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

    private final ECDSASigner signer;
    private final String keyId;
    private final String issuer;
    private final Clock clock;

    public TokenIssuer(ECPrivateKey privateKey, String keyId, String issuer, Clock clock) {
        Objects.requireNonNull(privateKey, "privateKey");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.signer = new ECDSASigner(privateKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not a P-256 signing key", e);
        }
        if (!signer.supportedJWSAlgorithms().contains(JWSAlgorithm.ES256)) {
            throw new IllegalArgumentException("not a P-256 signing key");
        }
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(type)).keyID(keyId).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
        return jwt.serialize();
    }

    public String keyId() {
        return keyId;
    }

    private static java.security.PrivateKey requireEc(Credential credential) {
        if (!(credential.privateKey() instanceof ECPrivateKey key)) {
            throw new IllegalArgumentException("credential key is not an EC key");
        }
        return key;
    }

    @Override
    public String toString() {
        return "TokenIssuer[iss=" + issuer + ", kid=" + keyId + "]";
    }
}
