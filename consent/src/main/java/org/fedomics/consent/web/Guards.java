package org.fedomics.consent.web;

import io.vertx.ext.web.RoutingContext;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;

/** Route guards: each checks one thing, stores who the caller is, and calls {@code next()}. */
public final class Guards {
    public static final String PEER = "fedomics.peer";
    public static final String SUBJECT = "fedomics.subject";

    private Guards() {
    }

    /** Only a mutual-TLS peer whose consortium certificate has this role passes. */
    public static io.vertx.core.Handler<RoutingContext> peer(Role role) {
        return ctx -> {
            ParticipantIdentity who = MutualTls.requirePeer(ctx.request(), role);
            ctx.put(PEER, who);
            ctx.next();
        };
    }

    /** Only a person with a valid bearer token passes; a failure says nothing that helps an attacker. */
    public static io.vertx.core.Handler<RoutingContext> bearer(BearerAuth auth) {
        return ctx -> {
            ServiceResult<String> subject = auth.subject(ctx.request().getHeader("Authorization"));
            if (subject instanceof ServiceResult.Success<String> s) {
                ctx.put(SUBJECT, s.value());
                ctx.next();
            } else {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ErrorResponses.error(ctx, 401, "unauthorized");
            }
        };
    }

    public static ParticipantIdentity peerOf(RoutingContext ctx) {
        return ctx.get(PEER);
    }

    public static String subjectOf(RoutingContext ctx) {
        return ctx.get(SUBJECT);
    }
}
