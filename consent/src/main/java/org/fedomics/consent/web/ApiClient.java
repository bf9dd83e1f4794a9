package org.fedomics.consent.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;

/**
 * A client for one fedomics service: sends bytes or JSON, and turns an error status into a failed
 * future carrying the service's own error message.
 */
public final class ApiClient {
    private final WebClient client;
    private final String host;
    private final int port;

    public ApiClient(WebClient client, String host, int port) {
        this.client = client;
        this.host = host;
        this.port = port;
    }

    public Future<byte[]> get(String uri, Map<String, String> headers, long timeoutMillis) {
        return send(HttpMethod.GET, uri, headers, null, null, timeoutMillis);
    }

    public Future<byte[]> postJson(String uri, Object body, Map<String, String> headers) {
        return send(HttpMethod.POST, uri, headers, StrictJson.write(body), "application/json", 30_000);
    }

    public Future<byte[]> putJson(String uri, Object body, Map<String, String> headers) {
        return send(HttpMethod.PUT, uri, headers, StrictJson.write(body), "application/json", 30_000);
    }

    public Future<byte[]> postBytes(String uri, byte[] body, Map<String, String> headers) {
        return send(HttpMethod.POST, uri, headers, body, "application/octet-stream", 60_000);
    }

    /** Decodes a JSON answer from this service (authenticated by TLS, so trusted to be well-formed). */
    public static <T> Future<T> json(Future<byte[]> response, Class<T> type) {
        return response.map(bytes -> StrictJson.readTrusted(bytes, type));
    }

    private Future<byte[]> send(HttpMethod method, String uri, Map<String, String> headers, byte[] body, String contentType,
                                long timeoutMillis) {
        var request = client.request(method, port, host, uri).timeout(timeoutMillis);
        headers.forEach(request::putHeader);
        Future<HttpResponse<Buffer>> response;
        if (body == null) {
            response = request.send();
        } else {
            request.putHeader("content-type", contentType);
            response = request.sendBuffer(Buffer.buffer(body));
        }
        return response.compose(r -> {
            byte[] bytes = r.body() == null ? new byte[0] : r.body().getBytes();
            if (r.statusCode() / 100 == 2) {
                return Future.succeededFuture(bytes);
            }
            return Future.failedFuture(new ApiException(method + " " + uri, r.statusCode(), errorMessage(bytes)));
        });
    }

    private static String errorMessage(byte[] body) {
        try {
            Object message = StrictJson.readTrusted(body, Map.class).get("error");
            return message == null ? "no error message" : message.toString();
        } catch (IllegalArgumentException e) {
            return "no error message";
        }
    }

    /** A service answered with an error status. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        public ApiException(String call, int status, String message) {
            super(call + " answered " + status + ": " + message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
