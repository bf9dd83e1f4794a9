package org.fedomics.deploy.cli;

import java.util.concurrent.Callable;
import org.fedomics.crypto.bench.CryptoBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "crypto", mixinStandardHelpOptions = true,
        description = "Encryption at rest (MB/s, 1 and 2 threads) next to a plain read of the same file, token verifications per second, mutual-TLS handshakes per second on loopback.")
final class BenchCryptoCommand implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "1g", description = "size of the test file, e.g. 256m or 1g (default: ${DEFAULT-VALUE}); written to a temporary directory and deleted")
    String size;

    @Override
    public Integer call() throws Exception {
        CryptoBench.run(System.out, CryptoBench.parseSize(size));
        return 0;
    }
}
