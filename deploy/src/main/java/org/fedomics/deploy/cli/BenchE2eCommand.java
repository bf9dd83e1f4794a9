package org.fedomics.deploy.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.deploy.bench.E2eBenchmark;
import org.fedomics.deploy.demo.DemoOptions;
import org.fedomics.deploy.demo.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "Times the demo study without the progress display: per-round time, bytes each node sends per round, total time, peak heap.")
final class BenchE2eCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "bench-out", description = "work directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rounds", defaultValue = "10", description = "FedAvg rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--json", description = "also write the figures as JSON to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        E2eBenchmark.resetPeakHeap();
        DemoRun.Outcome outcome = new DemoRun(new DemoOptions(out, rounds, 5, DemoOptions.DEFAULT_LEARNING_RATE, 0, 0, false), new PrintStream(PrintStream.nullOutputStream())).run();
        E2eBenchmark.Result result = E2eBenchmark.of(outcome);
        E2eBenchmark.print(System.out, result);
        if (json != null) {
            Files.write(json, StrictJson.write(result));
            System.out.println("  figures written to " + json);
        }
        return 0;
    }
}
