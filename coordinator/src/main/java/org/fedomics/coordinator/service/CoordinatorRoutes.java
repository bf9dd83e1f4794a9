package org.fedomics.coordinator.service;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Map;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.web.BearerAuth;
import org.fedomics.consent.web.ErrorResponses;
import org.fedomics.consent.web.Guards;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.pki.Role;

/**
 * The coordinator's HTTP API: {@code /node/v1} for nodes (mutual TLS, node certificates only) and
 * {@code /api/v1} for researchers (bearer tokens). Handlers only translate; the work is in
 * {@link CoordinatorService}.
 */
public final class CoordinatorRoutes {
    /** A masked 10^6-parameter study with 4 blocks is 24 MB; anything larger is refused before it is read. */
    static final long MAX_BODY_BYTES = 64L * 1024 * 1024;
    private static final Duration MAX_POLL = Duration.ofSeconds(30);
    private final CoordinatorService service;
    private final BearerAuth researchers;

    public CoordinatorRoutes(CoordinatorService service, BearerAuth researchers) {
        this.service = service;
        this.researchers = researchers;
    }

    public Router mount(Router router) {
        router.get("/health").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(Map.of("status", "UP")), 200));

        router.route("/node/v1/*").handler(Guards.peer(Role.NODE));
        router.route("/node/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/node/v1/tasks").handler(this::poll);
        router.post("/node/v1/studies/:id/decision").handler(this::decide);
        router.get("/node/v1/studies/:id/rounds/:round/global").handler(this::global);
        router.get("/node/v1/studies/:id/standardization")
                .handler(ctx -> binary(ctx, service.standardization(node(ctx), ctx.pathParam("id"))));
        router.post("/node/v1/studies/:id/rounds/:round/secagg/:stage").handler(this::secureAggregation);

        router.route("/api/v1/*").handler(Guards.bearer(researchers));
        router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.post("/api/v1/studies").handler(this::submit);
        router.get("/api/v1/studies").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(service.list()), 200));
        router.get("/api/v1/studies/:id").handler(ctx -> ErrorResponses.respond(ctx, service.status(ctx.pathParam("id")), 200));
        router.get("/api/v1/studies/:id/release").handler(ctx -> ErrorResponses.respond(ctx, service.release(ctx.pathParam("id")), 200));
        router.get("/api/v1/studies/:id/release/model").handler(ctx -> binary(ctx, service.releasedModel(ctx.pathParam("id"))));
        router.get("/api/v1/studies/:id/release/standardization")
                .handler(ctx -> binary(ctx, service.releasedStandardization(ctx.pathParam("id"))));
        ErrorResponses.install(router);
        return router;
    }

    private static String node(RoutingContext ctx) {
        return Guards.peerOf(ctx).name();
    }

    private void poll(RoutingContext ctx) {
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(ctx.request().getParam("waitSeconds", "20")));
        } catch (NumberFormatException e) {
            ErrorResponses.error(ctx, 400, "waitSeconds must be a whole number");
            return;
        }
        if (wait.isNegative() || wait.compareTo(MAX_POLL) > 0) {
            ErrorResponses.error(ctx, 400, "waitSeconds must be 0.." + MAX_POLL.toSeconds());
            return;
        }
        service.poll(node(ctx), wait).onSuccess(tasks -> ErrorResponses.respond(ctx, ServiceResult.ok(tasks), 200))
                .onFailure(ctx::fail);
    }

    private void decide(RoutingContext ctx) {
        ErrorResponses.respond(ctx, StrictJson.body(ctx, StudyDecision.class)
                .flatMap(d -> service.decide(node(ctx), ctx.pathParam("id"), d)), 200);
    }

    private void global(RoutingContext ctx) {
        binary(ctx, roundParam(ctx, 1).flatMap(r -> service.globalModel(node(ctx), ctx.pathParam("id"), r)));
    }

    /**
     * Round 0 is the study's statistics aggregation; rounds of training count from 1; its fairness
     * audit is {@link NodeTask#AUDIT_ROUND}.
     */
    private void secureAggregation(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        ErrorResponses.respond(ctx, roundParam(ctx, NodeTask.STATISTICS_ROUND).flatMap(r -> stageParam(ctx)
                .flatMap(stage -> service.secureAggregation(node(ctx), ctx.pathParam("id"), r, stage, bytes))), 200);
    }

    private static ServiceResult<Stage> stageParam(RoutingContext ctx) {
        try {
            return ServiceResult.ok(Stage.fromPath(ctx.pathParam("stage")));
        } catch (IllegalArgumentException e) {
            return ServiceResult.fail(ServiceResult.Reason.NOT_FOUND, e.getMessage());
        }
    }

    private void submit(RoutingContext ctx) {
        ErrorResponses.respond(ctx, StrictJson.body(ctx, StudyRequest.class)
                .flatMap(r -> service.submit(Guards.subjectOf(ctx), r)), 201);
    }

    private static ServiceResult<Integer> roundParam(RoutingContext ctx, int lowest) {
        try {
            int round = Integer.parseInt(ctx.pathParam("round"));
            return round >= lowest ? ServiceResult.ok(round)
                    : ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "round must be >= " + lowest);
        } catch (NumberFormatException e) {
            return ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "round must be a whole number");
        }
    }

    private static void binary(RoutingContext ctx, ServiceResult<byte[]> result) {
        if (result instanceof ServiceResult.Success<byte[]> bytes) {
            ctx.response().putHeader("content-type", "application/octet-stream").end(Buffer.buffer(bytes.value()));
        } else {
            ErrorResponses.respond(ctx, result, 200);
        }
    }
}
