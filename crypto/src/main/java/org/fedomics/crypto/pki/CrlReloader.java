package org.fedomics.crypto.pki;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running service's revocation list in step with the published file: every check period
 * the file is read off the event loop ({@link CrlWatch#check()}) and each newly accepted list is
 * handed to the subscribers (the service's TLS server, its outbound clients). Started inside a
 * verticle, its timer belongs to the verticle and stops when the verticle is undeployed; otherwise
 * call {@link #stop()}.
 */
public final class CrlReloader {

    private static final Logger LOG = LoggerFactory.getLogger(CrlReloader.class);

    private final Vertx vertx;
    private final CrlWatch watch;
    private final List<Consumer<RevocationList>> subscribers = new CopyOnWriteArrayList<>();
    private final long timer;
    /** The newest list handed to subscribers (at first, the list loaded at start). */
    private RevocationList published;
    /** Only read and written on the context that started the reloader. */
    private boolean checking;

    private CrlReloader(Vertx vertx, CrlWatch watch) {
        this.vertx = vertx;
        this.watch = watch;
        this.published = watch.current();
        this.timer = vertx.setPeriodic(watch.file().checkPeriod().toMillis(), id -> check());
    }

    /**
     * Loads the published list (off the event loop) and starts checking the file.
     *
     * @return a failed future naming the file if it is missing or not a valid CRL of {@code ca}
     */
    public static Future<CrlReloader> start(Vertx vertx, CrlFile file, X509Certificate ca, Clock clock) {
        Objects.requireNonNull(vertx, "vertx");
        return vertx.executeBlocking(() -> CrlWatch.open(file, ca, clock)).map(watch -> new CrlReloader(vertx, watch));
    }

    /** The list subscribers have been given: the one to build TLS options from now. */
    public synchronized RevocationList current() {
        return published;
    }

    /**
     * Calls {@code subscriber} with each list accepted after {@code inForce}, the list the
     * subscriber was configured with; at once if a newer one has already been accepted.
     */
    public synchronized void subscribe(RevocationList inForce, Consumer<RevocationList> subscriber) {
        Objects.requireNonNull(inForce, "inForce");
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
        if (published.isNewerThan(inForce)) {
            deliver(subscriber, published);
        }
    }

    /** Stops checking the file. */
    public void stop() {
        vertx.cancelTimer(timer);
    }

    private void check() {
        if (checking) {
            return; // the previous read has not finished (a slow file system): skip this tick
        }
        checking = true;
        vertx.executeBlocking(watch::check).onComplete(result -> {
            checking = false;
            if (result.succeeded()) {
                result.result().ifPresent(this::publish);
            } else {
                LOG.error("checking revocation list {} failed", watch.file().path(), result.cause());
            }
        });
    }

    private synchronized void publish(RevocationList list) {
        published = list;
        subscribers.forEach(subscriber -> deliver(subscriber, list));
    }

    private void deliver(Consumer<RevocationList> subscriber, RevocationList list) {
        try {
            subscriber.accept(list);
        } catch (RuntimeException e) {
            LOG.error("applying revocation list {} number {} failed", watch.file().path(), list.number(), e);
        }
    }
}
