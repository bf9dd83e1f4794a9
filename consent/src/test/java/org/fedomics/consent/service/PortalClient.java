package org.fedomics.consent.service;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedomics.consent.service.ConsentServer.Reply;

/**
 * A browser for the portal in component tests: it keeps the session cookie as a browser would
 * (set, replaced, removed by the server's Set-Cookie), follows no redirect, and sends forms.
 */
final class PortalClient {
    static final String COOKIE = "__Host-fedomics-portal";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern NEW_SIGN_IN_ID = Pattern.compile("id=\"new-sign-in-id\">([^<]+)<");

    private final ConsentServer server;
    private final WebClient client;
    private String cookie;

    PortalClient(ConsentServer server) {
        this.server = server;
        this.client = server.patientClient();
    }

    Reply get(String path) {
        return send(HttpMethod.GET, path, null);
    }

    /** Posts exactly these fields (a test adds the token itself, or leaves it out). */
    Reply post(String path, Map<String, String> fields) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        fields.forEach(form::add);
        return post(path, form);
    }

    Reply post(String path, MultiMap form) {
        return send(HttpMethod.POST, path, form);
    }

    /** Opens {@code page} and sends {@code fields} with that page's form token to {@code action}, as a person would. */
    Reply submit(String page, String action, Map<String, String> fields) {
        Reply shown = get(page);
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        form.add("csrf", csrf(shown));
        fields.forEach(form::add);
        return post(action, form);
    }

    Reply submit(String page, String action, MultiMap fields) {
        Reply shown = get(page);
        MultiMap form = MultiMap.caseInsensitiveMultiMap().addAll(fields);
        form.set("csrf", csrf(shown));
        return post(action, form);
    }

    /** Opens an account with the one-time code and {@link ConsentServer#PASSPHRASE}; returns the sign-in id shown. */
    String enroll(String code) {
        Reply done = submit("/portal/enroll", "/portal/enroll",
                Map.of("enrollmentCode", code, "passphrase", ConsentServer.PASSPHRASE, "repeat", ConsentServer.PASSPHRASE));
        if (done.status() != 303) {
            throw new AssertionError("enroll answered " + done.status() + ": " + done.text());
        }
        Matcher id = NEW_SIGN_IN_ID.matcher(get(done.headers().get("Location")).text());
        if (!id.find()) {
            throw new AssertionError("the welcome page shows no sign-in id");
        }
        return id.group(1);
    }

    Reply signIn(String signInId, String passphrase) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("signInId", signInId);
        fields.put("passphrase", passphrase);
        return submit("/portal/sign-in", "/portal/sign-in", fields);
    }

    /** The form token of a page. */
    static String csrf(Reply page) {
        Matcher token = CSRF.matcher(page.text());
        if (!token.find()) {
            throw new AssertionError("the page has no form token: " + page.status() + " " + page.text());
        }
        return token.group(1);
    }

    String cookie() {
        return cookie;
    }

    void cookie(String value) {
        cookie = value;
    }

    private Reply send(HttpMethod method, String path, MultiMap form) {
        HttpRequest<Buffer> request = client.request(method, server.port, ConsentServer.HOST, path).followRedirects(false)
                .timeout(30_000);
        if (cookie != null) {
            request.putHeader("Cookie", COOKIE + "=" + cookie);
        }
        HttpResponse<Buffer> response = form == null ? request.send().await() : request.sendForm(form).await();
        for (String set : response.headers().getAll("set-cookie")) {
            keep(set);
        }
        return new Reply(response.statusCode(), response.body() == null ? Buffer.buffer() : response.body(), response.headers());
    }

    private void keep(String setCookie) {
        String[] parts = setCookie.split(";");
        if (!parts[0].startsWith(COOKIE + "=")) {
            return;
        }
        String value = parts[0].substring(COOKIE.length() + 1).trim();
        boolean removed = value.isEmpty();
        for (String attribute : parts) {
            removed |= attribute.trim().toLowerCase(Locale.ROOT).equals("max-age=0");
        }
        cookie = removed ? null : value;
    }
}
