package org.fedomics.consent.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.web.BearerAuth;
import org.fedomics.consent.web.JwtBearerAuth;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.token.PinnedKey;
import org.fedomics.crypto.token.TokenIssuer;
import org.fedomics.crypto.token.TokenVerifier;

/**
 * Patients' session tokens: issued by the consent service with its own key after a patient signs
 * in, accepted only by it, each speaking for exactly one pseudonym.
 */
public final class PatientTokens implements BearerAuth {
    public static final String TYPE = "patient+jwt";
    public static final String AUDIENCE = "fedomics-consent";
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private final TokenIssuer issuer;
    private final JwtBearerAuth auth;
    private final Clock clock;

    public PatientTokens(Credential consentService, Clock clock) {
        String issuerName = "fedomics-consent:" + consentService.identity().name();
        this.issuer = new TokenIssuer(consentService, issuerName, clock);
        var key = PinnedKey.es256((java.security.interfaces.ECPublicKey) consentService.certificate().getPublicKey());
        this.auth = new JwtBearerAuth(new TokenVerifier(List.of(key),
                TokenVerifier.Expectations.of(issuerName, AUDIENCE, TYPE), clock));
        this.clock = clock;
    }

    public PatientSession issue(String pseudonym) {
        String token = issuer.issue(TYPE, pseudonym, AUDIENCE, List.of("patient"), LIFETIME);
        return new PatientSession(pseudonym, token, clock.instant().plus(LIFETIME).toString());
    }

    @Override
    public ServiceResult<String> subject(String authorizationHeader) {
        return auth.subject(authorizationHeader);
    }
}
