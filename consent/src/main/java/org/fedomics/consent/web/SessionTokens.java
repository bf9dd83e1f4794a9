package org.fedomics.consent.web;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.token.PinnedKey;
import org.fedomics.crypto.token.TokenIssuer;
import org.fedomics.crypto.token.TokenVerifier;

/**
 * People's bearer tokens for one service: issued with the service's own consortium key and
 * accepted only by that service (its key pinned, its issuer, audience and token type required).
 */
public final class SessionTokens implements BearerAuth {
    private final TokenIssuer issuer;
    private final JwtBearerAuth auth;
    private final String audience;
    private final String type;
    private final Duration lifetime;

    public SessionTokens(Credential service, String type, Duration lifetime, Clock clock) {
        String issuerName = "fedomics:" + service.identity().role().certName() + ":" + service.identity().name();
        this.audience = issuerName;
        this.type = type;
        this.lifetime = lifetime;
        this.issuer = new TokenIssuer(service, issuerName, clock);
        PinnedKey key = PinnedKey.es256((ECPublicKey) service.certificate().getPublicKey());
        this.auth = new JwtBearerAuth(new TokenVerifier(List.of(key), TokenVerifier.Expectations.of(issuerName, audience, type), clock));
    }

    public String issue(String subject, Collection<String> roles) {
        return issuer.issue(type, subject, audience, roles, lifetime);
    }

    public Duration lifetime() {
        return lifetime;
    }

    @Override
    public ServiceResult<String> subject(String authorizationHeader) {
        return auth.subject(authorizationHeader);
    }
}
