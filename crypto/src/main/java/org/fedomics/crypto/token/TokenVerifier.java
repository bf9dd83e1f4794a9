package org.fedomics.crypto.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies people's JWTs issued by {@link TokenIssuer}. Keys are pinned (kid to key, each with
 * its allowed algorithms; only ES256 exists); the header may carry only alg, typ and kid; typ,
 * iss, aud, sub, iat, exp and jti are required; time checks allow a bounded clock skew; each
 * jti is accepted once; tokens longer than {@link #MAX_TOKEN_CHARS} are refused unparsed. Every
 * failure is the same {@link TokenRejectedException}; the reason goes to the debug log.
 */
public final class TokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
    private static final int MAX_TOKEN_ID = 128;
    /**
     * Longest token accepted, in characters. People's tokens are a few hundred characters; the
     * limit keeps parsing cheap and sits well below the 8 KiB an HTTP server allows for all
     * request headers, so an oversized token reaches this check and is refused like any other.
     */
    public static final int MAX_TOKEN_CHARS = 4096;

    /**
     * What a token must satisfy.
     *
     * @param issuer required {@code iss}
     * @param audience a value {@code aud} must contain
     * @param type required header {@code typ}, e.g. {@code patient+jwt}
     * @param clockSkew tolerance for exp, nbf and iat (default 60 s)
     * @param maxLifetime largest accepted exp - iat (default 24 h); bounds how long jtis are kept
     * @param replayCacheCapacity most live jtis remembered (default 100 000); when full, new tokens are refused
     */
    public record Expectations(String issuer, String audience, String type, Duration clockSkew, Duration maxLifetime,
            int replayCacheCapacity) {

        public Expectations {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(type, "type");
            if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes");
            }
            if (maxLifetime.isNegative() || maxLifetime.isZero()) {
                throw new IllegalArgumentException("max lifetime must be positive");
            }
        }

        public static Expectations of(String issuer, String audience, String type) {
            return new Expectations(issuer, audience, type, Duration.ofSeconds(60), Duration.ofHours(24), 100_000);
        }
    }

    private final Map<String, PinnedKey> keys;
    private final Expectations expect;
    private final Clock clock;
    private final ReplayCache replays;

    public TokenVerifier(Collection<PinnedKey> pinnedKeys, Expectations expectations, Clock clock) {
        Map<String, PinnedKey> byId = new HashMap<>();
        for (PinnedKey key : pinnedKeys) {
            if (byId.put(key.keyId(), key) != null) {
                throw new IllegalArgumentException("duplicate pinned key id " + key.keyId());
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("at least one pinned key is required");
        }
        this.keys = Map.copyOf(byId);
        this.expect = Objects.requireNonNull(expectations, "expectations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replays = new ReplayCache(expectations.replayCacheCapacity());
    }

    /**
     * A one-time token: the verified token, or {@link TokenRejectedException} ("invalid token") for
     * any failure, including a jti seen before.
     */
    public VerifiedToken verify(String compactJwt) throws TokenRejectedException {
        return verify(compactJwt, true);
    }

    /**
     * A session token, which its holder presents with every request until it expires: every check of
     * {@link #verify} except that its jti may repeat. Keep such tokens short-lived.
     */
    public VerifiedToken verifySession(String compactJwt) throws TokenRejectedException {
        return verify(compactJwt, false);
    }

    private VerifiedToken verify(String compactJwt, boolean singleUse) throws TokenRejectedException {
        try {
            return check(compactJwt, singleUse);
        } catch (Es256Jws.Rejected e) {
            LOG.debug("token rejected: {}", e.getMessage());
            throw new TokenRejectedException();
        }
    }

    private VerifiedToken check(String compact, boolean singleUse) throws Es256Jws.Rejected {
        if (compact != null && compact.length() > MAX_TOKEN_CHARS) {
            throw new Es256Jws.Rejected("token of " + compact.length() + " characters, more than " + MAX_TOKEN_CHARS);
        }
        JWSObject jws = Es256Jws.parse(compact);
        String keyId = jws.getHeader().getKeyID();
        // exact lookup only: a kid is never a path, query or URL
        PinnedKey key = keyId == null ? null : keys.get(keyId);
        if (key == null) {
            throw new Es256Jws.Rejected("no pinned key for kid");
        }
        if (!key.algorithms().contains(jws.getHeader().getAlgorithm().getName())) {
            throw new Es256Jws.Rejected("algorithm not allowed for kid " + keyId);
        }
        JOSEObjectType type = jws.getHeader().getType();
        if (type == null || !expect.type().equals(type.getType())) {
            throw new Es256Jws.Rejected("typ is not " + expect.type());
        }
        Es256Jws.verifySignature(jws, key.key());

        Map<String, Object> json = jws.getPayload().toJSONObject();
        if (json == null) {
            throw new Es256Jws.Rejected("claims are not a JSON object");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new Es256Jws.Rejected("claims are malformed", e);
        }
        Instant now = clock.instant();
        Duration skew = expect.clockSkew();
        Instant exp = required(claims.getExpirationTime(), "exp");
        Instant iat = required(claims.getIssueTime(), "iat");
        if (!now.isBefore(exp.plus(skew))) {
            throw new Es256Jws.Rejected("expired");
        }
        if (iat.isAfter(now.plus(skew))) {
            throw new Es256Jws.Rejected("issued in the future");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(skew))) {
            throw new Es256Jws.Rejected("not yet valid");
        }
        if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(expect.maxLifetime()) > 0) {
            throw new Es256Jws.Rejected("lifetime out of bounds");
        }
        if (!expect.issuer().equals(claims.getIssuer())) {
            throw new Es256Jws.Rejected("wrong issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(expect.audience())) {
            throw new Es256Jws.Rejected("wrong audience");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isEmpty()) {
            throw new Es256Jws.Rejected("no subject");
        }
        List<String> roles;
        try {
            List<String> listed = claims.getStringListClaim("roles");
            roles = listed == null ? List.of() : List.copyOf(listed);
        } catch (ParseException | NullPointerException e) {
            throw new Es256Jws.Rejected("roles is not a list of strings", e);
        }
        String tokenId = claims.getJWTID();
        if (tokenId == null || tokenId.isEmpty() || tokenId.length() > MAX_TOKEN_ID) {
            throw new Es256Jws.Rejected("missing or oversized jti");
        }
        // last, so that invalid tokens cannot fill the cache
        if (singleUse && !replays.firstUse(keyId + "/" + tokenId, exp.plus(skew), now)) {
            throw new Es256Jws.Rejected("jti replayed or replay cache full");
        }
        Map<String, Object> all = Collections.unmodifiableMap(new LinkedHashMap<>(claims.getClaims()));
        return new VerifiedToken(subject, claims.getIssuer(), roles, iat, exp, tokenId, keyId, all);
    }

    private static Instant required(Date date, String claim) throws Es256Jws.Rejected {
        if (date == null) {
            throw new Es256Jws.Rejected("missing " + claim);
        }
        return date.toInstant();
    }

    @Override
    public String toString() {
        return "TokenVerifier[iss=" + expect.issuer() + ", aud=" + expect.audience() + ", typ=" + expect.type()
                + ", kids=" + keys.keySet() + "]";
    }
}
