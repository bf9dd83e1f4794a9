package org.fedomics.crypto.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedomics.crypto.token.TokenVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** ES256 verifications per second: people's one-time tokens with every check, and signed artifacts. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenBenchmark {

    private static final int BATCH = 500;

    @State(Scope.Benchmark)
    public static class Keys {
        TokenWorkload work;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            work = new TokenWorkload();
        }
    }

    /** Fresh tokens and a fresh replay cache for every batch: each token id is accepted once only. */
    @State(Scope.Thread)
    public static class OneTimeTokens {
        List<String> tokens;
        TokenVerifier verifier;

        @Setup(Level.Invocation)
        public void issue(Keys keys) {
            tokens = keys.work.issue(BATCH);
            verifier = keys.work.verifier(BATCH);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void verifyToken(OneTimeTokens batch) throws Exception {
        TokenWorkload.verifyAll(batch.verifier, batch.tokens);
    }

    @Benchmark
    public byte[] verifyArtifact(Keys keys) throws Exception {
        return keys.work.verifyArtifact();
    }
}
