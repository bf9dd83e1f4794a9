package org.fedomics.consent.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import org.fedomics.crypto.pki.PeerRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a router turns results and failures into HTTP: expected failures get their status
 * and message; anything unexpected gets 500 with a request id, logged once with its stack.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static int status(ServiceResult.Reason reason) {
        return switch (reason) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_MANY_REQUESTS -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    /** Installs the failure handler that answers every failure not already answered. */
    public static void install(Router router) {
        router.route().failureHandler(ErrorResponses::onFailure);
    }

    /** Answers a result: 200 (or {@code successStatus}) with its value as JSON, or the failure. */
    public static <T> void respond(RoutingContext ctx, ServiceResult<T> result, int successStatus) {
        if (result instanceof ServiceResult.Success<T> success) {
            ctx.response().setStatusCode(successStatus).putHeader("content-type", "application/json");
            Object value = success.value();
            ctx.response().end(value == null ? io.vertx.core.buffer.Buffer.buffer("{}")
                    : io.vertx.core.buffer.Buffer.buffer(StrictJson.write(value)));
        } else {
            ServiceResult.Failure<T> failure = (ServiceResult.Failure<T>) result;
            error(ctx, status(failure.reason()), failure.message());
        }
    }

    public static <T> void respond(RoutingContext ctx, Future<ServiceResult<T>> result, int successStatus) {
        result.onSuccess(r -> respond(ctx, r, successStatus)).onFailure(ctx::fail);
    }

    public static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(StrictJson.write(Map.of("error", message))));
    }

    private static void onFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof PeerRejected rejected) {
            error(ctx, 403, rejected.getMessage());
            return;
        }
        if (failure == null) {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            error(ctx, status, status == 413 ? "request body too large" : status == 404 ? "not found" : "request failed");
            return;
        }
        String requestId = UUID.randomUUID().toString();
        LOG.error("request {} {} failed (request id {})", ctx.request().method(), ctx.request().path(), requestId, failure);
        error(ctx, 500, "internal error; request id " + requestId);
    }
}
