package org.fedomics.consent.service;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.RedeemRequest;
import org.fedomics.consent.api.SignInRequest;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.web.ApiContract;
import org.fedomics.consent.web.ErrorResponses;
import org.fedomics.consent.web.Guards;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.pki.Role;

/**
 * The consent service's HTTP API: {@code /node/v1} for hospital nodes (mutual TLS, node
 * certificates only) and {@code /api/v1} for patients (a one-time enrollment code that opens their
 * account, later their sign-in id and passphrase; either gives a bearer token that speaks for
 * exactly one pseudonym) and, under {@code /api/v1/ledger}, for anyone who audits the ledger.
 * Every route is an operation of the OpenAPI contract {@link #CONTRACT}, and every request is
 * checked against it (after the guards, before the handler). Store calls and passphrase hashing
 * run off the event loop.
 */
public final class ConsentRoutes {
    /** The API's OpenAPI 3.1 description, a class-path resource (YAML); served as JSON at {@code GET /api/v1/openapi.json}. */
    public static final String CONTRACT = "org/fedomics/consent/service/openapi.yaml";
    private static final long MAX_BODY_BYTES = 32L * 1024 * 1024;
    /**
     * A patient's request: a consent choice's terms are stored as one JSON text of at most 65,535
     * characters (consent_record.terms_json), never longer than the body that carried them plus
     * about 100 characters of field names, so every body within this limit can be stored.
     */
    static final int MAX_PATIENT_BODY_BYTES = 32 * 1024;
    private static final Set<String> FROM_TO = Set.of("from", "to");
    private static final Set<String> TREE_SIZE = Set.of("treeSize");
    private final ConsentService service;
    private final PatientAccounts accounts;
    private final LedgerService ledger;
    private final PatientTokens tokens;

    public ConsentRoutes(ConsentService service, PatientAccounts accounts, LedgerService ledger, PatientTokens tokens) {
        this.service = service;
        this.accounts = accounts;
        this.ledger = ledger;
        this.tokens = tokens;
    }

    /**
     * Loads the API contract ({@link #CONTRACT}) and mounts every operation it describes on
     * {@code router}, each checked against it before its handler runs. Fails if the contract is
     * invalid or describes an operation no route here serves.
     */
    public Future<Router> mount(Vertx vertx, Router router) {
        return ApiContract.load(vertx, CONTRACT).map(contract -> mount(router, contract));
    }

    private Router mount(Router router, ApiContract api) {
        api.route(router, GET, "/health").handler(ctx -> ErrorResponses.respond(ctx, ServiceResult.ok(Map.of("status", "UP")), 200));

        // Guards first: a caller who may not use a route is refused before the contract's check, which would tell them its shape.
        router.route("/node/v1/*").handler(Guards.peer(Role.NODE));
        router.route("/node/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        api.route(router, POST, "/node/v1/enrollments").handler(ctx -> blocking(ctx, 201, () -> StrictJson.body(ctx, EnrollmentRequest.class)
                .flatMap(r -> service.enroll(hospital(ctx), r))));
        api.route(router, POST, "/node/v1/snapshots").handler(ctx -> blocking(ctx, 200, () -> StrictJson.body(ctx, SnapshotRequest.class)
                .flatMap(r -> service.snapshot(hospital(ctx), r))));
        api.route(router, POST, "/node/v1/uses").handler(ctx -> blocking(ctx, 200, () -> StrictJson.body(ctx, UseReport.class)
                .flatMap(r -> service.recordUse(hospital(ctx), r))));

        router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_PATIENT_BODY_BYTES));
        api.route(router, GET, "/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .end(api.document()));
        api.route(router, POST, "/api/v1/enrollments/redeem").handler(ctx -> blocking(ctx, 200, () -> StrictJson.body(ctx, RedeemRequest.class)
                .flatMap(r -> accounts.enroll(r.enrollmentCode(), r.passphrase()))
                .map(account -> new NewAccount(account.signInId(), tokens.issue(account.pseudonym())))));
        api.route(router, POST, "/api/v1/sign-in").handler(ctx -> blocking(ctx, 200, () -> StrictJson.body(ctx, SignInRequest.class)
                .flatMap(r -> accounts.signIn(r.signInId(), r.passphrase()))
                .map(account -> tokens.issue(account.pseudonym()))));
        // The ledger's tree heads, signing key and consistency proofs hold no patient data: anyone may audit them.
        api.route(router, GET, "/api/v1/ledger/head").handler(ctx -> blocking(ctx, 200, () -> LedgerQuery.parse(ctx, Set.of(), Set.of())
                .flatMap(q -> ledger.latestHead())));
        api.route(router, GET, "/api/v1/ledger/key").handler(ctx -> blocking(ctx, 200, () -> LedgerQuery.parse(ctx, Set.of(), Set.of())
                .flatMap(q -> ledger.key())));
        api.route(router, GET, "/api/v1/ledger/consistency").handler(ctx -> blocking(ctx, 200, () -> LedgerQuery.parse(ctx, FROM_TO, FROM_TO)
                .flatMap(q -> ledger.consistency(q.get("from"), q.get("to")))));
        router.route("/api/v1/me/*").handler(Guards.bearer(tokens));
        api.route(router, GET, "/api/v1/me/consent").handler(ctx -> blocking(ctx, 200, () -> service.current(Guards.subjectOf(ctx))));
        api.route(router, PUT, "/api/v1/me/consent").handler(ctx -> blocking(ctx, 200, () -> StrictJson.body(ctx, ConsentChoice.class)
                .flatMap(c -> service.choose(Guards.subjectOf(ctx), c))));
        api.route(router, GET, "/api/v1/me/consent/history").handler(ctx -> blocking(ctx, 200, () -> service.history(Guards.subjectOf(ctx))));
        api.route(router, GET, "/api/v1/me/uses").handler(ctx -> blocking(ctx, 200, () -> service.uses(Guards.subjectOf(ctx))));
        api.route(router, GET, "/api/v1/me/ledger").handler(ctx -> blocking(ctx, 200, () -> LedgerQuery.parse(ctx, TREE_SIZE, Set.of())
                .flatMap(q -> ledger.entriesOf(Guards.subjectOf(ctx), q.get("treeSize")))));
        api.requireAllMounted();
        ErrorResponses.install(router);
        return router;
    }

    private static String hospital(RoutingContext ctx) {
        return Guards.peerOf(ctx).name();
    }

    private static <T> void blocking(RoutingContext ctx, int successStatus, Callable<ServiceResult<T>> work) {
        ErrorResponses.respond(ctx, ctx.vertx().executeBlocking(work, false), successStatus);
    }
}
