package org.fedomics.consent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fedomics.consent.bench.LoadGenerator.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's measurement: nearest-rank percentiles, the line the parent reads, and
 * latency counted from each request's due time, so that queueing behind a slow server counts.
 */
class LoadGeneratorTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void percentiles_areNearestRank() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (100 - i) * MS;
        }

        Result result = Result.of(latencies, 0, true);

        assertThat(result.percentile(0.50)).isEqualTo(50 * MS);
        assertThat(result.percentile(0.99)).isEqualTo(99 * MS);
        assertThat(result.percentile(1.0)).isEqualTo(100 * MS);
        assertThat(result.percentile(0.001)).isEqualTo(MS);
        assertThat(Result.of(new long[0], 3, false).percentile(0.99)).isZero();
    }

    @Test
    void line_isReadBackByTheParent() {
        Map<String, String> values = Result.parse(Result.of(new long[] {3 * MS, MS, 2 * MS}, 4, true).line());

        assertThat(values).containsEntry("measured", "3").containsEntry("errors", "4").containsEntry("drained", "true")
                .containsEntry("p50", String.valueOf(2 * MS)).containsEntry("max", String.valueOf(3 * MS));
        assertThatThrownBy(() -> Result.parse("Exception in thread main")).hasMessageContaining("no RESULT line");
        assertThatThrownBy(() -> Result.parse(null)).hasMessageContaining("no RESULT line");
    }

    @Test
    void run_againstAServerSlowerThanTheRate_countsTheQueueingFromEachDueTime() throws Exception {
        // One request at a time, 20 ms each, at 100 requests per second: request i is due at 10i ms and
        // cannot be answered before 20(i + 1) ms, so it waits at least 10i + 20 ms. A client timing only
        // from when it got to send would see about 20 ms each.
        AtomicInteger served = new AtomicInteger();
        Future<?>[] queue = {Future.succeededFuture()};
        LoadGenerator.Requests oneAtATime = i -> {
            Future<Integer> answer = queue[0].transform(previous -> vertx.timer(20, TimeUnit.MILLISECONDS)).map(v -> {
                served.incrementAndGet();
                return 200;
            });
            queue[0] = answer;
            return answer;
        };
        AtomicInteger counting = new AtomicInteger();

        Result result = LoadGenerator.run(vertx, oneAtATime, new LoadSchedule(100, 0, 20), counting::incrementAndGet);

        assertThat(served).hasValue(20);
        assertThat(counting).hasValue(1);
        assertThat(result.sorted()).hasSize(20);
        assertThat(result.percentile(1.0)).isGreaterThanOrEqualTo(200 * MS);
        assertThat(result.percentile(0.50)).isGreaterThanOrEqualTo(100 * MS);
    }

    @Test
    void run_countsFailuresAndNon2xx_asErrors_andSkipsTheWarmUp() throws Exception {
        LoadGenerator.Requests mixed = i -> i % 4 == 0 ? Future.failedFuture("refused") : Future.succeededFuture(i % 2 == 0 ? 500 : 204);

        Result result = LoadGenerator.run(vertx, mixed, new LoadSchedule(1_000, 8, 32), () -> { });

        assertThat(result.errors()).isEqualTo(16);
        assertThat(result.sorted()).hasSize(16);
        assertThat(result.drained()).isTrue();
    }
}
