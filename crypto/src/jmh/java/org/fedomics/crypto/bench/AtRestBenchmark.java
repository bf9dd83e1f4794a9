package org.fedomics.crypto.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Files at rest: encryption (Tink, with fsync and atomic move) and decryption (AES-GCM of
 * {@link org.fedomics.crypto.aead.AesGcmProvider} over Tink's segment format, memory-mapped) of one file, next to plain writes and reads of the same size through
 * the same API. Times are per whole file: MB/s = {@code mib} * 1.048576 / seconds per op. The
 * long warm-up is needed: the JDK's AES-GCM decrypts about 30 times slower until C2 has seen
 * several hundred 1 MiB segments.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class AtRestBenchmark {

    /** File size in MiB. */
    @Param("256")
    public int mib;

    private AtRestWorkload work;
    private Path encrypted;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        work = AtRestWorkload.inTempDirectory(Path.of(System.getProperty("java.io.tmpdir")));
        encrypted = work.file("encrypted.enc");
        work.encrypt(encrypted, bytes());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        work.close();
    }

    @Benchmark
    public void plainWrite() throws Exception {
        work.writePlain(work.file("plain.bin"), bytes());
    }

    @Benchmark
    public void encrypt() throws Exception {
        work.encrypt(work.file("written.enc"), bytes());
    }

    @Benchmark
    public long plainRead() throws Exception {
        return work.plainRead(encrypted, 1);
    }

    @Benchmark
    public long plainReadTwoThreads() throws Exception {
        return work.plainRead(encrypted, 2);
    }

    @Benchmark
    public long plainReadDirectBuffer() throws Exception {
        return work.plainReadDirect(encrypted);
    }

    @Benchmark
    public long plainReadMapped() throws Exception {
        return work.plainReadMapped(encrypted, 1);
    }

    @Benchmark
    public long plainReadMappedTwoThreads() throws Exception {
        return work.plainReadMapped(encrypted, 2);
    }

    @Benchmark
    public long decrypt() throws Exception {
        return work.decrypt(encrypted, 1);
    }

    @Benchmark
    public long decryptTwoThreads() throws Exception {
        return work.decrypt(encrypted, 2);
    }

    @Benchmark
    public long decryptInputStream() throws Exception {
        return work.decryptStream(encrypted);
    }

    /** The decrypting provider's AES-GCM alone on {@code mib} in-memory segments: the bound for one thread. */
    @Benchmark
    public long decryptInMemory() throws Exception {
        return work.decryptInMemory(mib);
    }

    /** The JDK's AES-GCM alone on {@code mib} in-memory segments. */
    @Benchmark
    public long decryptInMemoryJdk() throws Exception {
        return work.decryptInMemoryJdk(mib);
    }

    private long bytes() {
        return (long) mib << 20;
    }
}
