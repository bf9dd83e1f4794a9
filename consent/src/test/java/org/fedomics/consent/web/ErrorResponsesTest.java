package org.fedomics.consent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.web.ServiceResult.Reason;
import org.fedomics.crypto.pki.PeerRejected;
import org.fedomics.crypto.pki.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one place results and failures become HTTP, with the guards and the API client that rely
 * on it, on a real (plain HTTP) server on 127.0.0.1, port 0.
 */
class ErrorResponsesTest {
    private static final Pattern REQUEST_ID = Pattern.compile(
            "internal error; request id ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final String SECRET = "jdbc password hunter2";
    private Vertx vertx;
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/ok").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(Map.of("status", "UP")), 201));
        router.get("/ok-null").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(null), 200));
        router.get("/fail/:reason").handler(ctx -> ErrorResponses.respond(ctx,
                ServiceResult.fail(Reason.valueOf(ctx.pathParam("reason")), "because " + ctx.pathParam("reason")), 200));
        router.get("/throws").handler(ctx -> {
            throw new IllegalStateException(SECRET);
        });
        router.get("/future-fails").handler(ctx -> ErrorResponses.respond(ctx,
                Future.<ServiceResult<String>>failedFuture(new IllegalStateException(SECRET)), 200));
        router.get("/blocking-throws").handler(ctx -> ErrorResponses.respond(ctx, ctx.vertx().<ServiceResult<String>>executeBlocking(() -> {
            throw new IllegalStateException(SECRET);
        }), 200));
        router.get("/peer-rejected").handler(ctx -> {
            throw new PeerRejected("peer x has role consent, this endpoint requires node");
        });
        router.get("/status/:code").handler(ctx -> ctx.fail(Integer.parseInt(ctx.pathParam("code"))));
        router.get("/answered-then-fails").handler(ctx -> {
            ctx.response().setStatusCode(202).end("done");
            ErrorResponses.error(ctx, 500, "too late");
        });
        router.get("/plain-error").handler(ctx -> ctx.response().setStatusCode(502).end("<html>bad gateway</html>"));
        router.route("/guarded/*").handler(Guards.peer(Role.NODE));
        router.get("/guarded/x").handler(ctx -> ctx.end("in"));
        router.route("/me/*").handler(Guards.bearer(header -> "Bearer good".equals(header)
                ? ServiceResult.ok("P-1") : ServiceResult.fail(Reason.UNAUTHORIZED, "token of P-2 expired")));
        router.get("/me/who").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(Map.of("subject", Guards.subjectOf(ctx))), 200));
        ErrorResponses.install(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.close().await();
    }

    @Test
    void status_ofEveryReason_isItsHttpStatus() {
        Map<Reason, Integer> expected = new EnumMap<>(Map.of(Reason.BAD_REQUEST, 400, Reason.UNAUTHORIZED, 401, Reason.FORBIDDEN, 403,
                Reason.NOT_FOUND, 404, Reason.CONFLICT, 409, Reason.TOO_MANY_REQUESTS, 429, Reason.UNAVAILABLE, 503));

        assertThat(expected).containsOnlyKeys(Reason.values());
        expected.forEach((reason, status) -> assertThat(ErrorResponses.status(reason)).as("%s", reason).isEqualTo(status));
    }

    @Test
    void respond_failureOfEveryReason_answersItsStatusWithTheMessageAsJson() {
        for (Reason reason : Reason.values()) {
            HttpResponse<Buffer> response = get("/fail/" + reason.name());

            assertThat(response.statusCode()).as("%s", reason).isEqualTo(ErrorResponses.status(reason));
            assertThat(response.getHeader("content-type")).isEqualTo("application/json");
            assertThat(response.bodyAsString()).isEqualTo("{\"error\":\"because " + reason.name() + "\"}");
        }
    }

    @Test
    void respond_success_answersTheGivenStatusWithTheValueAsJson() {
        HttpResponse<Buffer> response = get("/ok");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.getHeader("content-type")).isEqualTo("application/json");
        assertThat(response.bodyAsString()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void respond_successWithoutValue_answersAnEmptyObject() {
        HttpResponse<Buffer> response = get("/ok-null");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("{}");
    }

    @Test
    void unexpectedFailure_answers500WithARequestIdAndLogsItOnceWithTheStack() {
        for (String path : List.of("/throws", "/future-fails", "/blocking-throws")) {
            List<ILoggingEvent> errors;
            HttpResponse<Buffer> response;
            try (LogCapture logs = LogCapture.all()) {
                response = get(path);
                errors = logs.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            }

            assertThat(response.statusCode()).as(path).isEqualTo(500);
            assertThat(response.bodyAsString()).as(path).doesNotContain("hunter2").doesNotContain("IllegalState");
            Matcher id = REQUEST_ID.matcher(response.bodyAsJsonObject().getString("error"));
            assertThat(id.matches()).as(path + ": " + response.bodyAsString()).isTrue();
            assertThat(errors).as(path).hasSize(1);
            assertThat(errors.get(0).getFormattedMessage()).contains(id.group(1)).contains("GET " + path);
            assertThat(errors.get(0).getThrowableProxy()).as("logged with its stack").isNotNull();
            assertThat(errors.get(0).getThrowableProxy().getMessage()).isEqualTo(SECRET);
        }
    }

    @Test
    void unexpectedFailures_getDistinctRequestIds() {
        String first = get("/throws").bodyAsJsonObject().getString("error");
        String second = get("/throws").bodyAsJsonObject().getString("error");

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void peerRejected_answers403WithItsReason() {
        HttpResponse<Buffer> response = get("/peer-rejected");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("peer x has role consent, this endpoint requires node");
    }

    @Test
    void failWithStatus_answersThatStatusWithAPlainMessage() {
        assertThat(get("/status/413").statusCode()).isEqualTo(413);
        assertThat(get("/status/413").bodyAsJsonObject().getString("error")).isEqualTo("request body too large");
        assertThat(get("/status/404").bodyAsJsonObject().getString("error")).isEqualTo("not found");
        assertThat(get("/status/429").statusCode()).isEqualTo(429);
        assertThat(get("/status/429").bodyAsJsonObject().getString("error")).isEqualTo("request failed");
    }

    @Test
    void error_afterTheResponseEnded_changesNothing() {
        HttpResponse<Buffer> response = get("/answered-then-fails");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.bodyAsString()).isEqualTo("done");
    }

    @Test
    void peerGuard_onAPlainConnection_answers403() {
        HttpResponse<Buffer> response = get("/guarded/x");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.bodyAsJsonObject().getString("error")).contains("not TLS");
    }

    @Test
    void bearerGuard_passesTheSubjectOnOrAnswers401WithoutTheReason() {
        HttpResponse<Buffer> ok = client.get(server.actualPort(), "127.0.0.1", "/me/who").putHeader("Authorization", "Bearer good")
                .send().await();
        HttpResponse<Buffer> refused = client.get(server.actualPort(), "127.0.0.1", "/me/who").putHeader("Authorization", "Bearer bad")
                .send().await();

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsString()).isEqualTo("{\"subject\":\"P-1\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(refused.bodyAsString()).isEqualTo("{\"error\":\"unauthorized\"}");
    }

    @Test
    void apiClient_onSuccess_returnsTheBodyAndDecodesIt() {
        ApiClient api = new ApiClient(client, "127.0.0.1", server.actualPort());

        byte[] body = api.get("/ok", Map.of(), 5_000).await();

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(ApiClient.json(api.get("/ok", Map.of(), 5_000), Map.class).await()).isEqualTo(Map.of("status", "UP"));
    }

    @Test
    void apiClient_onErrorStatus_failsWithStatusAndTheServicesMessage() {
        ApiClient api = new ApiClient(client, "127.0.0.1", server.actualPort());

        assertThatThrownBy(() -> api.get("/fail/CONFLICT", Map.of(), 5_000).await())
                .isInstanceOfSatisfying(ApiClient.ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessage("GET /fail/CONFLICT answered 409: because CONFLICT");
        assertThatThrownBy(() -> api.postJson("/nowhere", new EnrollmentRequest(1), Map.of()).await())
                .isInstanceOfSatisfying(ApiClient.ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void apiClient_onErrorWithoutJsonBody_saysThereIsNoMessage() {
        ApiClient api = new ApiClient(client, "127.0.0.1", server.actualPort());

        assertThatThrownBy(() -> api.get("/plain-error", Map.of(), 5_000).await())
                .isInstanceOf(ApiClient.ApiException.class).hasMessage("GET /plain-error answered 502: no error message");
    }

    private HttpResponse<Buffer> get(String path) {
        return client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path).send().await();
    }
}
