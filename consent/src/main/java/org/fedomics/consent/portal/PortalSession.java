package org.fedomics.consent.portal;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.fedomics.consent.store.PatientAccount;

/**
 * What the portal keeps in a browser's server-side session: the synchronizer token every form
 * carries (bound to this session, compared in constant time), the signed-in patient and when they
 * signed in (the lifetime runs from then, on the service's clock), and a one-time notice.
 */
final class PortalSession {
    private static final String CSRF = "csrf";
    private static final String PSEUDONYM = "pseudonym";
    private static final String SIGN_IN_ID = "signInId";
    private static final String SIGNED_IN_AT = "signedInAt";
    private static final String NOTICE = "notice";
    private static final int TOKEN_BYTES = 32;

    private final Session session;
    private final SecureRandom random;

    private PortalSession(Session session, SecureRandom random) {
        this.session = session;
        this.random = random;
    }

    /** The session of this request; the portal's session handler always provides one. */
    static PortalSession of(RoutingContext ctx, SecureRandom random) {
        Session session = ctx.session();
        if (session == null) {
            throw new IllegalStateException("the portal's session handler did not run for " + ctx.request().path());
        }
        return new PortalSession(session, random);
    }

    /** The token to put in this session's forms, made on first use. */
    String csrfToken() {
        String token = session.get(CSRF);
        if (token == null) {
            token = newToken();
            session.put(CSRF, token);
        }
        return token;
    }

    /** Whether a submitted form carries this session's token; a session that never showed a form has none to match. */
    boolean csrfMatches(String presented) {
        String token = session.get(CSRF);
        return token != null && presented != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs the patient in: the session gets a new id (the cookie a visitor had before signing in
     * is worthless afterwards) and a new form token.
     */
    void signIn(PatientAccount account, Instant now) {
        session.regenerateId();
        session.put(CSRF, newToken());
        session.put(PSEUDONYM, account.pseudonym());
        session.put(SIGN_IN_ID, account.signInId());
        session.put(SIGNED_IN_AT, now.toEpochMilli());
    }

    /** The signed-in patient, if they signed in less than {@code lifetime} before {@code now}. */
    Optional<PatientAccount> patient(Instant now, Duration lifetime) {
        String pseudonym = session.get(PSEUDONYM);
        Long signedInAt = session.get(SIGNED_IN_AT);
        if (pseudonym == null || signedInAt == null) {
            return Optional.empty();
        }
        Instant since = Instant.ofEpochMilli(signedInAt);
        if (now.isBefore(since) || !now.isBefore(since.plus(lifetime))) {
            return Optional.empty();
        }
        return Optional.of(new PatientAccount(pseudonym, session.get(SIGN_IN_ID)));
    }

    boolean wasSignedIn() {
        return session.get(PSEUDONYM) != null;
    }

    /** Ends the session: it is removed from the store and the browser is told to drop its cookie. */
    void end() {
        session.destroy();
    }

    void notice(String text) {
        session.put(NOTICE, text);
    }

    /** The notice left by the previous request, shown once. */
    Optional<String> takeNotice() {
        return Optional.ofNullable(session.remove(NOTICE));
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
