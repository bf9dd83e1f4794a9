package org.fedomics.consent.service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.web.BearerAuth;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.SessionTokens;
import org.fedomics.crypto.pki.Credential;

/** Patients' session tokens: each speaks for exactly one pseudonym, at this consent service only. */
public final class PatientTokens implements BearerAuth {
    public static final String TYPE = "patient+jwt";
    private final SessionTokens tokens;
    private final Clock clock;

    public PatientTokens(Credential consentService, Clock clock) {
        this.tokens = new SessionTokens(consentService, TYPE, Duration.ofMinutes(30), clock);
        this.clock = clock;
    }

    public PatientSession issue(String pseudonym) {
        return new PatientSession(pseudonym, tokens.issue(pseudonym, List.of("patient")),
                clock.instant().plus(tokens.lifetime()).toString());
    }

    @Override
    public ServiceResult<String> subject(String authorizationHeader) {
        return tokens.subject(authorizationHeader);
    }
}
