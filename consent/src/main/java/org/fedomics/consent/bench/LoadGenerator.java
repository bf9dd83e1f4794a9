package org.fedomics.consent.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;

/**
 * The client side of the API latency benchmark, run as its own JVM so that the load comes from a
 * second process, as it would in use. Open loop: request i is sent when the {@link LoadSchedule}
 * has it due, whatever happened to earlier ones, and its latency is counted from that due time, so
 * time spent waiting behind a slow answer (in the client's queue, for a connection, or for the
 * scheduler) counts too (no coordinated omission). The first {@code warmup} seconds climb to the
 * rate and are sent but not counted. Prints {@value #COUNTING} when the first counted request is
 * due, and at the end one line:
 * {@code RESULT measured=.. errors=.. p50=.. p90=.. p99=.. max=..} (nanoseconds).
 *
 * <p>Arguments, as name-value pairs: {@code port}, {@code rate} (requests per second),
 * {@code seconds}, {@code warmup}, {@code credential} and {@code passphrase-file} (a PKCS#12
 * consortium credential; its CA is the only one trusted), and the request: {@code get PATH} with
 * {@code tokens FILE} (bearer tokens, one per line, used in turn; no client certificate), or
 * {@code post PATH} with {@code body FILE} (sent as JSON, presenting the credential's certificate).
 */
public final class LoadGenerator {
    private static final String HOST = "127.0.0.1";
    private static final int MAX_CONNECTIONS = 64;
    /** How long after the last request is due its answer may take before it counts as failed. */
    private static final long DRAIN_SECONDS = 60;
    /** The line printed when the first counted request is due. */
    static final String COUNTING = "COUNTING";

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Vertx vertx = Vertx.vertx();
        try {
            LoadSchedule schedule = LoadSchedule.of(Integer.parseInt(required(options, "rate")),
                    Integer.parseInt(required(options, "warmup")), Integer.parseInt(required(options, "seconds")));
            Requests requests = Requests.of(vertx, options);
            Result result = run(vertx, requests, schedule, () -> {
                System.out.println(COUNTING);
                System.out.flush();
            });
            System.out.println(result.line());
        } finally {
            vertx.close().await();
        }
    }

    /**
     * Sends requests when the schedule has them due and measures all but the warm-up's;
     * {@code counting} runs when the first measured request is due.
     */
    static Result run(Vertx vertx, Requests requests, LoadSchedule schedule, Runnable counting) throws InterruptedException {
        int due = schedule.total();
        int skipped = schedule.warmup();
        long[] latencies = new long[due];
        boolean[] succeeded = new boolean[due];
        CountDownLatch answered = new CountDownLatch(due);
        Context context = vertx.getOrCreateContext();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 0; i < due; i++) {
            long dueAt = start + schedule.dueNanos(i);
            for (long wait = dueAt - System.nanoTime(); wait > 0; wait = dueAt - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (i == skipped) {
                counting.run();
            }
            int index = i;
            context.runOnContext(v -> requests.send(index).onComplete(status -> {
                latencies[index] = System.nanoTime() - dueAt;
                succeeded[index] = status.succeeded() && status.result() / 100 == 2;
                answered.countDown();
            }));
        }
        boolean drained = answered.await(DRAIN_SECONDS, TimeUnit.SECONDS);
        // The latch orders every counted-down answer's writes before these reads; one still missing counts as an error.
        long[] ok = new long[due - skipped];
        int measured = 0;
        int errors = 0;
        for (int i = skipped; i < due; i++) {
            if (succeeded[i]) {
                ok[measured++] = latencies[i];
            } else {
                errors++;
            }
        }
        return Result.of(Arrays.copyOf(ok, measured), errors, drained);
    }

    /** What the generator sends: request {@code i} of the run, answering its HTTP status. */
    interface Requests {
        Future<Integer> send(int i);

        static Requests of(Vertx vertx, Map<String, String> options) throws IOException, GeneralSecurityException {
            int port = Integer.parseInt(required(options, "port"));
            Credential credential = Credential.readPkcs12(Path.of(required(options, "credential")),
                    Passphrase.fromFile(Path.of(required(options, "passphrase-file"))));
            WebClientOptions tls = new WebClientOptions(MutualTls.clientOptions(credential)).setKeepAlive(true);
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS);
            if (options.containsKey("get")) {
                // A patient's browser: trusts the consortium CA, presents no certificate, sends its bearer token.
                WebClient client = WebClient.create(vertx, tls.setKeyCertOptions(null), pool);
                List<String> tokens = Files.readAllLines(Path.of(required(options, "tokens")));
                String path = options.get("get");
                return i -> client.request(HttpMethod.GET, port, HOST, path)
                        .putHeader("Authorization", "Bearer " + tokens.get(i % tokens.size())).send().map(HttpResponse::statusCode);
            }
            WebClient client = WebClient.create(vertx, tls, pool);
            Buffer body = Buffer.buffer(Files.readAllBytes(Path.of(required(options, "body"))));
            String path = required(options, "post");
            return i -> client.request(HttpMethod.POST, port, HOST, path).putHeader("content-type", "application/json").sendBuffer(body)
                    .map(HttpResponse::statusCode);
        }
    }

    /** Latencies of the successful requests (sorted), the failed count, and whether every answer came. */
    record Result(long[] sorted, int errors, boolean drained) {
        static Result of(long[] latencies, int errors, boolean drained) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Result(sorted, errors, drained);
        }

        /** The latency below which {@code fraction} of the answers came (nearest rank). */
        long percentile(double fraction) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(fraction * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }

        String line() {
            return String.format(Locale.ROOT, "RESULT measured=%d errors=%d drained=%b p50=%d p90=%d p99=%d max=%d", sorted.length,
                    errors, drained, percentile(0.50), percentile(0.90), percentile(0.99), percentile(1.0));
        }

        /** Reads {@link #line()} back: the parent's view of the child's run. */
        static Map<String, String> parse(String line) {
            if (line == null || !line.startsWith("RESULT ")) {
                throw new IllegalArgumentException("the load generator printed no RESULT line" + (line == null ? "" : ": " + line));
            }
            Map<String, String> values = new HashMap<>();
            for (String pair : line.substring("RESULT ".length()).split(" ")) {
                int equals = pair.indexOf('=');
                values.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return values;
        }
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come in name-value pairs, got " + args.length);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing argument '" + name + "'");
        }
        return value;
    }
}
