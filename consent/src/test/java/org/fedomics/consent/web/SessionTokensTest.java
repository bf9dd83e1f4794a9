package org.fedomics.consent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.fedomics.consent.web.ServiceResult.Reason;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.junit.jupiter.api.Test;

/** People's bearer tokens: accepted by the service and type that issued them, for their lifetime only. */
class SessionTokensTest {
    private static final Instant NOW = Instant.now();
    private static final ServiceResult<String> UNAUTHORIZED = ServiceResult.fail(Reason.UNAUTHORIZED, "unauthorized");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ConsortiumCa ca = ConsortiumCa.create("test", clock);
    private final Credential consent = issue(Role.CONSENT, "consent");
    private final SessionTokens patients = new SessionTokens(consent, "patient+jwt", Duration.ofMinutes(30), clock);

    @Test
    void subject_ofAnIssuedToken_isItsSubjectEveryTimeItIsPresented() {
        String token = patients.issue("P-1", List.of("patient"));

        for (int i = 0; i < 3; i++) {
            assertThat(patients.subject("Bearer " + token)).isEqualTo(ServiceResult.ok("P-1"));
        }
        assertThat(patients.subject("bearer " + token)).as("the scheme is case-insensitive").isEqualTo(ServiceResult.ok("P-1"));
    }

    @Test
    void subject_ofATokenOfAnotherTypeOnTheSameKey_isUnauthorized() {
        String researcher = new SessionTokens(consent, "researcher+jwt", Duration.ofMinutes(30), clock).issue("P-1", List.of("patient"));

        assertThat(patients.subject("Bearer " + researcher)).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void subject_ofATokenOfAnotherService_isUnauthorized() {
        Credential coordinator = issue(Role.COORDINATOR, "coordinator");
        Credential consentElsewhere = ConsortiumCa.create("test", clock).issue(new ParticipantIdentity(Role.CONSENT, "consent"),
                List.of(), Duration.ofDays(1));

        for (Credential other : List.of(coordinator, consentElsewhere)) {
            String token = new SessionTokens(other, "patient+jwt", Duration.ofMinutes(30), clock).issue("P-1", List.of("patient"));

            assertThat(patients.subject("Bearer " + token)).as("%s", other.identity()).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void subject_afterTheLifetimeAndClockSkew_isUnauthorized() {
        String token = patients.issue("P-1", List.of("patient"));
        SessionTokens later = new SessionTokens(consent, "patient+jwt", Duration.ofMinutes(30),
                Clock.fixed(NOW.plus(Duration.ofMinutes(31)).plusSeconds(1), ZoneOffset.UTC));
        SessionTokens justBefore = new SessionTokens(consent, "patient+jwt", Duration.ofMinutes(30),
                Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));

        assertThat(justBefore.subject("Bearer " + token)).isEqualTo(ServiceResult.ok("P-1"));
        assertThat(later.subject("Bearer " + token)).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void subject_ofMissingOrMalformedHeaders_isUnauthorized() {
        String token = patients.issue("P-1", List.of("patient"));

        for (String header : new String[] {null, "", "Bearer", "Bearer ", token, "Basic " + token, "Bearer " + token + "x",
                "Bearer " + token.substring(0, token.lastIndexOf('.')) + "."}) {
            assertThat(patients.subject(header)).as("%s", header).isEqualTo(UNAUTHORIZED);
        }
    }

    @Test
    void lifetime_isTheConfiguredOne() {
        assertThat(patients.lifetime()).isEqualTo(Duration.ofMinutes(30));
    }

    private Credential issue(Role role, String name) {
        return ca.issue(new ParticipantIdentity(role, name), List.of(), Duration.ofDays(1));
    }
}
