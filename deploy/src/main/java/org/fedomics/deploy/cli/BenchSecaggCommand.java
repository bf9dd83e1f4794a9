package org.fedomics.deploy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.bench.SecAggBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "secagg", mixinStandardHelpOptions = true,
        description = {"Secure aggregation in-process on one thread: per-node and coordinator time, bytes per node,",
                "expansion over float32, next to the insecure plain sum of the same vectors (time ratio)."})
final class BenchSecaggCommand implements Callable<Integer> {
    @Option(names = "--nodes", split = ",", defaultValue = SecAggBench.DEFAULT_NODES,
            description = "node counts, 3..1000 (default: ${DEFAULT-VALUE})")
    List<Integer> nodes;

    @Option(names = "--params", split = ",", defaultValue = SecAggBench.DEFAULT_PARAMS,
            description = "vector lengths, 1..10000000 (default: ${DEFAULT-VALUE})")
    List<Integer> params;

    @Option(names = "--dropout", split = ",", defaultValue = SecAggBench.DEFAULT_DROPOUTS,
            description = "fractions of nodes that leave after sharing keys, in [0, 1) (default: ${DEFAULT-VALUE})")
    List<Double> dropouts;

    @Option(names = "--json", description = "also write the figures as JSON to this file")
    Path json;

    @Override
    public Integer call() throws Exception {
        List<SecAggBench.Row> rows = SecAggBench.run(System.out, new SecAggBench.Grid(nodes, params, dropouts));
        if (json != null) {
            Files.write(json, StrictJson.write(rows));
            System.out.println("  figures written to " + json);
        }
        return 0;
    }
}
