package org.fedomics.consent.portal;

import static org.fedomics.consent.web.ServiceResult.Reason.CONFLICT;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.service.ConsentService;
import org.fedomics.consent.service.LedgerService;
import org.fedomics.consent.service.PatientAccounts;
import org.fedomics.consent.store.PatientAccount;
import org.fedomics.consent.web.ErrorResponses;
import org.fedomics.consent.web.ServiceResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient portal: server-rendered pages under {@code /portal/} on the consent service, over
 * the same {@link ConsentService} and {@link PatientAccounts} methods as the JSON API. A browser
 * session (cookie {@value #SESSION_COOKIE}: HttpOnly, Secure, SameSite=Strict, a new id at
 * sign-in) speaks for one patient for {@link #SESSION_LIFETIME} from sign-in; every form carries
 * the session's synchronizer token; every response carries {@link SecurityHeaders}. No page names
 * a patient in its address or form: each acts on the session's patient only.
 *
 * <p>The access log's script checks every entry against the ledger: it reads the patient's
 * entries, with their proofs and the signed tree head, from {@code GET /portal/my/ledger} (the
 * page has a session, not a bearer token) and the signing key and consistency proofs from the
 * public {@code /api/v1/ledger} requests.
 */
public final class PortalRoutes {
    public static final String ROOT = "/portal/";
    public static final Duration SESSION_LIFETIME = Duration.ofMinutes(15);
    static final String SESSION_COOKIE = "__Host-fedomics-portal";
    private static final String SESSION_MAP = "fedomics.portal.sessions";
    static final int MAX_FORM_BYTES = 16 * 1024;
    static final String CSRF_FIELD = "csrf";
    private static final String PATIENT = "fedomics.portal.patient";
    private static final String CONSENT_PAGE = "/portal/my/consent";
    private static final String SIGN_IN_PAGE = "/portal/sign-in";
    private static final String CHANGED_ELSEWHERE = "Your consent was changed somewhere else (another window or device) while "
            + "you had this page open. This is how it is now; please make your change again.";
    private static final Logger LOG = LoggerFactory.getLogger(PortalRoutes.class);

    private final ConsentService consents;
    private final PatientAccounts accounts;
    private final LedgerService ledger;
    private final DiseaseHierarchy diseases;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final PortalPages pages;
    private final Assets assets = new Assets();

    /** {@code ledger} is the same instance the API uses: it signs each tree size once. */
    public PortalRoutes(ConsentService consents, PatientAccounts accounts, LedgerService ledger, DiseaseHierarchy diseases,
                        Clock clock) {
        this.consents = Objects.requireNonNull(consents, "consents");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.diseases = Objects.requireNonNull(diseases, "diseases");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pages = new PortalPages(diseases);
    }

    /** Mounts the portal on {@code router}; mount it before routes whose failure handler matches every path. */
    public Router mount(Vertx vertx, Router router) {
        router.route("/portal/*").handler(ctx -> {
            SecurityHeaders.apply(ctx.response());
            ctx.next();
        });
        router.route("/portal/*").failureHandler(this::onFailure);
        // A regular expression matches the whole path: /portal only (a plain "/portal" route would also take /portal/).
        router.getWithRegex("/portal").handler(ctx -> seeOther(ctx, ROOT));
        router.get(Assets.PREFIX + ":name").handler(ctx -> {
            if (!assets.serve(ctx, ctx.pathParam("name"))) {
                ctx.next();
            }
        });
        router.post("/portal/*").handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES));
        router.route("/portal/*").handler(sessions(vertx));
        router.post("/portal/*").handler(this::requireFormToken);
        router.route("/portal/my/*").handler(this::requireSignedIn);

        router.get(ROOT).handler(ctx -> seeOther(ctx, signedIn(ctx).isPresent() ? CONSENT_PAGE : SIGN_IN_PAGE));
        router.get(SIGN_IN_PAGE).handler(this::signInPage);
        router.post(SIGN_IN_PAGE).handler(this::signIn);
        router.get("/portal/enroll").handler(ctx -> html(ctx, 200, pages.enroll(viewer(ctx, null), null)));
        router.post("/portal/enroll").handler(this::enroll);
        router.get("/portal/my/welcome").handler(ctx -> html(ctx, 200, pages.welcome(viewer(ctx, patient(ctx)))));
        router.get(CONSENT_PAGE).handler(this::consentPage);
        router.post(CONSENT_PAGE).handler(this::changeConsent);
        router.post("/portal/my/consent/revoke").handler(ctx -> setOptedOut(ctx, true));
        router.post("/portal/my/consent/resume").handler(ctx -> setOptedOut(ctx, false));
        router.get("/portal/my/access-log").handler(this::accessLogPage);
        router.get("/portal/my/ledger").handler(this::ledgerEntries);
        router.post("/portal/my/sign-out").handler(ctx -> {
            session(ctx).end();
            seeOther(ctx, SIGN_IN_PAGE + "?signed-out");
        });
        router.route("/portal/*").handler(ctx -> html(ctx, 404, pages.message(bare(), "Page not found",
                "There is no page at this address.", ROOT, "Go to the portal")));
        return router;
    }

    private SessionHandler sessions(Vertx vertx) {
        // Sessions live in this process's memory only: a restart signs every patient out, which the lifetime allows.
        return SessionHandler.create(LocalSessionStore.create(vertx, SESSION_MAP))
                .setSessionCookieName(SESSION_COOKIE)
                .setSessionCookiePath("/")
                .setCookieSecureFlag(true)
                .setCookieHttpOnlyFlag(true)
                .setCookieSameSite(CookieSameSite.STRICT)
                .setCookieMaxAge(SESSION_LIFETIME.toSeconds())
                .setSessionTimeout(SESSION_LIFETIME.toMillis())
                // A visitor gets a session (and a cookie) only once a page with a form needs its token.
                .setLazySession(true);
    }

    private void requireFormToken(RoutingContext ctx) {
        if (session(ctx).csrfMatches(ctx.request().getFormAttribute(CSRF_FIELD))) {
            ctx.next();
            return;
        }
        html(ctx, 403, pages.message(bare(), "This form has expired",
                "The form was not sent from this portal page, or the page is too old. Go back, reload the page and try again.",
                ROOT, "Go to the portal"));
    }

    private void requireSignedIn(RoutingContext ctx) {
        Optional<PatientAccount> patient = signedIn(ctx);
        if (patient.isPresent()) {
            ctx.put(PATIENT, patient.get());
            ctx.next();
            return;
        }
        boolean expired = session(ctx).wasSignedIn();
        session(ctx).end();
        seeOther(ctx, expired ? SIGN_IN_PAGE + "?expired" : SIGN_IN_PAGE);
    }

    private void signInPage(RoutingContext ctx) {
        if (signedIn(ctx).isPresent()) {
            seeOther(ctx, CONSENT_PAGE);
            return;
        }
        PortalSession session = session(ctx);
        if (ctx.request().params().contains("expired")) {
            session.notice("Your session ended after " + SESSION_LIFETIME.toMinutes() + " minutes. Please sign in again.");
        } else if (ctx.request().params().contains("signed-out")) {
            session.notice("You are signed out.");
        }
        html(ctx, 200, pages.signIn(viewer(ctx, null), null, null));
    }

    private void signIn(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String signInId = Objects.requireNonNullElse(form.get("signInId"), "").trim();
        String passphrase = form.get("passphrase");
        if (signInId.isEmpty() || passphrase == null || passphrase.isEmpty()) {
            html(ctx, 400, pages.signIn(viewer(ctx, null), signInId, "Enter your sign-in id and your passphrase."));
            return;
        }
        blocking(ctx, () -> accounts.signIn(signInId, passphrase)).onSuccess(result -> {
            if (result instanceof ServiceResult.Success<PatientAccount> success) {
                session(ctx).signIn(success.value(), clock.instant());
                seeOther(ctx, CONSENT_PAGE);
            } else {
                ServiceResult.Failure<PatientAccount> failure = (ServiceResult.Failure<PatientAccount>) result;
                html(ctx, ErrorResponses.status(failure.reason()), pages.signIn(viewer(ctx, null), signInId, sentence(failure.message())));
            }
        });
    }

    private void enroll(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String code = Objects.requireNonNullElse(form.get("enrollmentCode"), "").trim();
        String passphrase = form.get("passphrase");
        if (code.isEmpty()) {
            html(ctx, 400, pages.enroll(viewer(ctx, null), "Enter the enrollment code from your hospital."));
            return;
        }
        if (passphrase != null && !passphrase.equals(form.get("repeat"))) {
            html(ctx, 400, pages.enroll(viewer(ctx, null), "The two passphrases are not the same. Please type them again."));
            return;
        }
        blocking(ctx, () -> accounts.enroll(code, passphrase)).onSuccess(result -> {
            if (result instanceof ServiceResult.Success<PatientAccount> success) {
                session(ctx).signIn(success.value(), clock.instant());
                seeOther(ctx, "/portal/my/welcome");
            } else {
                ServiceResult.Failure<PatientAccount> failure = (ServiceResult.Failure<PatientAccount>) result;
                html(ctx, ErrorResponses.status(failure.reason()), pages.enroll(viewer(ctx, null), sentence(failure.message())));
            }
        });
    }

    private void consentPage(RoutingContext ctx) {
        PatientAccount patient = patient(ctx);
        blocking(ctx, () -> load(patient.pseudonym())).onSuccess(data -> html(ctx, 200,
                pages.consent(viewer(ctx, patient), data.current(), data.form(), null, clock.instant())));
    }

    private void changeConsent(RoutingContext ctx) {
        PatientAccount patient = patient(ctx);
        ConsentForm form = ConsentForm.parse(ctx.request().formAttributes());
        blocking(ctx, () -> {
            PatientData before = load(patient.pseudonym());
            if (form.version() != before.version()) {
                return new Change(before, ServiceResult.<ConsentView>fail(CONFLICT, CHANGED_ELSEWHERE));
            }
            ServiceResult<ConsentView> saved = form.toChoice(before.current(), diseases, clock.instant())
                    .flatMap(choice -> consents.choose(patient.pseudonym(), choice));
            return new Change(saved.succeeded() ? before : load(patient.pseudonym()), saved);
        }).onSuccess(change -> {
            if (change.result().succeeded()) {
                session(ctx).notice("Saved. From the next training round on, studies may use your records only as described here.");
                seeOther(ctx, CONSENT_PAGE);
            } else if (change.conflict()) {
                PatientData now = change.data();
                html(ctx, 409, pages.consent(viewer(ctx, patient), now.current(), now.form(), CHANGED_ELSEWHERE, clock.instant()));
            } else {
                html(ctx, 400, pages.consent(viewer(ctx, patient), change.data().current(), form, change.message(), clock.instant()));
            }
        });
    }

    /** Opts the patient out of all research use, or back in, keeping every other choice as it is. */
    private void setOptedOut(RoutingContext ctx, boolean optedOut) {
        PatientAccount patient = patient(ctx);
        int version = ConsentForm.version(ctx.request().getFormAttribute("version"));
        blocking(ctx, () -> {
            PatientData before = load(patient.pseudonym());
            if (version != before.version()) {
                return new Change(before, ServiceResult.<ConsentView>fail(CONFLICT, CHANGED_ELSEWHERE));
            }
            Optional<ConsentChoice> current = before.current().map(ConsentView::choice);
            // Opting out before any choice still needs a permission on record; the opt-out overrides it.
            ConsentChoice base = current.orElse(new ConsentChoice(DuoPermission.GRU.code(), null, null, null, null, null, null, false));
            ConsentChoice next = new ConsentChoice(base.permission(), base.diseaseIds(), base.modifiers(), base.modifierParameters(),
                    base.permittedStudies(), base.deniedStudies(), ConsentForm.carriedEndDate(current, clock.instant()), optedOut);
            ServiceResult<ConsentView> saved = consents.choose(patient.pseudonym(), next);
            return new Change(saved.succeeded() ? before : load(patient.pseudonym()), saved);
        }).onSuccess(change -> {
            if (change.result().succeeded()) {
                session(ctx).notice(optedOut
                        ? "You opted out. No study will use your records from its next training round on."
                        : "Research use is allowed again, as described here, from the next training round on.");
                seeOther(ctx, CONSENT_PAGE);
            } else {
                PatientData now = change.data();
                html(ctx, change.conflict() ? 409 : 400,
                        pages.consent(viewer(ctx, patient), now.current(), now.form(), change.message(), clock.instant()));
            }
        });
    }

    private void accessLogPage(RoutingContext ctx) {
        PatientAccount patient = patient(ctx);
        blocking(ctx, () -> new LogData(value(consents.uses(patient.pseudonym())), value(consents.history(patient.pseudonym()))))
                .onSuccess(log -> html(ctx, 200, pages.accessLog(viewer(ctx, patient), log.uses(), log.history())));
    }

    /**
     * The session's patient's ledger entries with their inclusion proofs against the latest signed
     * head, as JSON: what {@code GET /api/v1/me/ledger} answers, from the same service method.
     */
    private void ledgerEntries(RoutingContext ctx) {
        if (!ctx.queryParams().isEmpty()) {
            ErrorResponses.error(ctx, 400, "this request takes no query parameters");
            return;
        }
        String pseudonym = patient(ctx).pseudonym();
        blocking(ctx, () -> ledger.entriesOf(pseudonym, null)).onSuccess(result -> ErrorResponses.respond(ctx, result, 200));
    }

    /** A patient's current consent and the uses of their records, read together off the event loop. */
    private record PatientData(Optional<ConsentView> current, List<UseView> uses) {
        int version() {
            return current.map(ConsentView::version).orElse(0);
        }

        ConsentForm form() {
            return ConsentForm.of(current, uses.stream().map(UseView::studyId).distinct().toList());
        }
    }

    private record LogData(List<UseView> uses, List<ConsentView> history) {
    }

    /** The outcome of a change: the patient's data to show if it failed, and the service's answer. */
    private record Change(PatientData data, ServiceResult<ConsentView> result) {
        boolean conflict() {
            return result instanceof ServiceResult.Failure<ConsentView> failure && failure.reason() == CONFLICT;
        }

        String message() {
            return result instanceof ServiceResult.Failure<ConsentView> failure ? sentence(failure.message()) : null;
        }
    }

    private PatientData load(String pseudonym) {
        ServiceResult<ConsentView> current = consents.current(pseudonym);
        Optional<ConsentView> view = current instanceof ServiceResult.Success<ConsentView> success
                ? Optional.of(success.value()) : Optional.empty();
        return new PatientData(view, value(consents.uses(pseudonym)));
    }

    /** The value of a call that fails only on a fault (which then becomes a 500 with a request id). */
    private static <T> T value(ServiceResult<T> result) {
        if (result instanceof ServiceResult.Success<T> success) {
            return success.value();
        }
        throw new IllegalStateException("the consent service failed: " + ((ServiceResult.Failure<T>) result).message());
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return ctx.vertx().executeBlocking(work, false).onFailure(ctx::fail);
    }

    private Optional<PatientAccount> signedIn(RoutingContext ctx) {
        return session(ctx).patient(clock.instant(), SESSION_LIFETIME);
    }

    private PortalSession session(RoutingContext ctx) {
        return PortalSession.of(ctx, random);
    }

    private static PatientAccount patient(RoutingContext ctx) {
        return ctx.get(PATIENT);
    }

    private PortalPages.Viewer viewer(RoutingContext ctx, PatientAccount patient) {
        PortalSession session = session(ctx);
        return new PortalPages.Viewer(session.csrfToken(), patient, session.takeNotice().orElse(null));
    }

    /** A viewer for pages without forms or navigation (errors), which must not create a session. */
    private static PortalPages.Viewer bare() {
        return new PortalPages.Viewer(null, null, null);
    }

    private static void html(RoutingContext ctx, int status, Html page) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page.toString());
    }

    private static void seeOther(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }

    /** A service message as a sentence for a page. */
    static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        String capitalized = message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1);
        return capitalized.endsWith(".") ? capitalized : capitalized + ".";
    }

    private void onFailure(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        SecurityHeaders.apply(ctx.response());
        if (ctx.failure() == null && ctx.statusCode() == 413) {
            html(ctx, 413, pages.message(bare(), "Too much was sent", "The form was larger than this portal accepts.", ROOT,
                    "Go to the portal"));
            return;
        }
        if (ctx.failure() == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            html(ctx, ctx.statusCode(), pages.message(bare(), "This request was not understood",
                    "Please go back, reload the page and try again.", ROOT, "Go to the portal"));
            return;
        }
        String requestId = UUID.randomUUID().toString();
        LOG.error("portal request {} {} failed (request id {})", ctx.request().method(), ctx.request().path(), requestId, ctx.failure());
        html(ctx, 500, pages.message(bare(), "Something went wrong", "Your request could not be completed. If this happens "
                + "again, tell your hospital this number: " + requestId + ".", ROOT, "Go to the portal"));
    }
}
