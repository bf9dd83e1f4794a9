package org.fedomics.crypto.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GETs on loopback: plain HTTP and mutual TLS 1.3 on kept-alive connections, and mutual TLS with
 * a full handshake per request. {@code get} is the latency of one request alone; {@code
 * getEightInFlight} the time per request with eight outstanding (requests/s = 10^6 / that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class TlsBenchmark {

    private static final int REQUESTS = 64;

    @Param({"PLAIN", "MUTUAL_TLS", "MUTUAL_TLS_HANDSHAKE"})
    public LoopbackHttp.Transport transport;

    private LoopbackHttp http;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        http = LoopbackHttp.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        http.close();
    }

    @Benchmark
    public void get() throws Exception {
        http.get(transport);
    }

    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public Object getEightInFlight() throws Exception {
        return http.run(transport, REQUESTS, 8);
    }
}
