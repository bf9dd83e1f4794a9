package org.fedomics.consent.portal;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * The headers on every portal response: a content security policy that allows only this
 * service's own scripts, styles and images (no inline code), no framing, HTTPS only, no MIME
 * sniffing, no referrer, and pages that no cache keeps.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()",
            "Cache-Control", "no-store");

    private SecurityHeaders() {
    }

    static void apply(HttpServerResponse response) {
        MultiMap headers = response.headers();
        HEADERS.forEach(headers::set);
    }
}
