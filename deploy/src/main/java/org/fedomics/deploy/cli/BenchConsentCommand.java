package org.fedomics.deploy.cli;

import java.util.concurrent.Callable;
import org.fedomics.consent.bench.ConsentBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "consent", mixinStandardHelpOptions = true,
        description = "The consent service's table: ledger appends per second (on the H2 database), a patient's entries with "
                + "proofs, inclusion and consistency proof generation and verification at ten million leaves (in memory), consent "
                + "decisions per second on one thread, and API latency (p50, p99) under a steady load from a second process.")
final class BenchConsentCommand implements Callable<Integer> {
    @Option(names = "--leaves", defaultValue = "10m",
            description = "leaves of the in-memory ledger whose proofs are timed, e.g. 1m or 10m (default: ${DEFAULT-VALUE}); "
                    + "about 64 bytes of heap each")
    String leaves;

    @Option(names = "--appends", defaultValue = "5000",
            description = "consent changes appended to the H2 ledger, and as many used records (default: ${DEFAULT-VALUE})")
    String appends;

    @Option(names = "--proofs", defaultValue = "100000",
            description = "inclusion and consistency proofs generated and verified (default: ${DEFAULT-VALUE})")
    String proofs;

    @Option(names = "--decisions", defaultValue = "1m",
            description = "generated consent records decided on one thread (default: ${DEFAULT-VALUE})")
    String decisions;

    @Option(names = "--rate", defaultValue = "500",
            description = "API requests per second the second process sends to each endpoint in turn (default: ${DEFAULT-VALUE})")
    String rate;

    @Option(names = "--load-seconds", defaultValue = "30",
            description = "seconds of load measured per endpoint (default: ${DEFAULT-VALUE})")
    String loadSeconds;

    @Option(names = "--warmup-seconds", defaultValue = "30",
            description = "seconds before those, not measured, while the load climbs from a tenth of the rate to the rate and both "
                    + "processes compile their code (default: ${DEFAULT-VALUE})")
    String warmupSeconds;

    @Override
    public Integer call() throws Exception {
        ConsentBench.run(System.out, new ConsentBench.Options(ConsentBench.parseCount(leaves), intCount("--appends", appends),
                intCount("--proofs", proofs), ConsentBench.parseCount(decisions), intCount("--rate", rate),
                intCount("--load-seconds", loadSeconds), intCount("--warmup-seconds", warmupSeconds)));
        return 0;
    }

    private static int intCount(String option, String text) {
        long count = ConsentBench.parseCount(text);
        if (count > 100_000_000) {
            throw new IllegalArgumentException(option + " must be at most 100m, got " + text);
        }
        return (int) count;
    }
}
