package org.fedomics.consent.bench;

import java.util.concurrent.TimeUnit;

/**
 * When each request of a load run is due: {@code warmup} requests at a rate that climbs linearly
 * from a tenth of {@code rate} to {@code rate}, then {@code counted} requests at {@code rate}, one
 * every {@code 1 / rate} seconds. The climb lets a cold service compile and size its pools while the
 * load is light, as a service in use meets its traffic; at the full rate from the first request, the
 * queue built while it warms up (seconds at 80 % utilization) drains only slowly and spills into the
 * counted requests, which then measure the warm-up instead of the steady state.
 */
record LoadSchedule(int rate, int warmup, int counted) {
    private static final double START_FRACTION = 0.1;
    private static final double NANOS = TimeUnit.SECONDS.toNanos(1);

    LoadSchedule {
        if (rate < 1 || warmup < 0 || counted < 1) {
            throw new IllegalArgumentException("a load needs a rate >= 1 per second, warm-up requests >= 0 and counted requests >= 1");
        }
    }

    /** The schedule for {@code warmupSeconds} of climbing load, then {@code seconds} at {@code rate}. */
    static LoadSchedule of(int rate, int warmupSeconds, int seconds) {
        return new LoadSchedule(rate, (int) Math.round(warmupSeconds * rate * (1 + START_FRACTION) / 2), Math.multiplyExact(rate, seconds));
    }

    int total() {
        return warmup + counted;
    }

    /** How long the climb lasts: its requests at the mean of its first and last rate. */
    double warmupSeconds() {
        return warmup / (rate * (1 + START_FRACTION) / 2);
    }

    /** Nanoseconds from the start of the run to when request {@code i} is due. */
    long dueNanos(int i) {
        if (i < warmup) {
            // Requests due by time t on a climb from r0 to r over w seconds: r0 t + (r - r0) t^2 / 2w; solved for t.
            double start = rate * START_FRACTION;
            double slope = (rate - start) / warmupSeconds();
            return Math.round((Math.sqrt(start * start + 2 * slope * i) - start) / slope * NANOS);
        }
        return Math.round((warmupSeconds() + (double) (i - warmup) / rate) * NANOS);
    }
}
