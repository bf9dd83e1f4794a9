package org.fedomics.deploy.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedomics.deploy.demo.DemoOptions;
import org.fedomics.deploy.demo.DemoRun;
import org.fedomics.deploy.demo.SummaryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a whole consortium on this machine on the bundled leukemia data:",
                "a consent service, a coordinator and three hospital nodes on loopback (mutual TLS),",
                "one federated study (BCR/ABL vs NEG in B-cell ALL), a signed release, and a comparison",
                "with pooled and local-only training. Writes OUT/summary.json."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "demo-out", description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--rounds", defaultValue = "10", description = "FedAvg rounds, 2..100 (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--local-epochs", defaultValue = "5", description = "local epochs per round (default: ${DEFAULT-VALUE})")
    int localEpochs;

    @Option(names = "--learning-rate", defaultValue = "" + DemoOptions.DEFAULT_LEARNING_RATE, description = "local AdaGrad learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--consent-port", defaultValue = "0", description = "consent service port on 127.0.0.1 (default: a free port)")
    int consentPort;

    @Option(names = "--coordinator-port", defaultValue = "0", description = "coordinator port on 127.0.0.1 (default: a free port)")
    int coordinatorPort;

    @Option(names = "--dp-noise", defaultValue = "0", description = {"record-level DP-SGD noise multiplier z; 0 trains",
            "without differential privacy (default: ${DEFAULT-VALUE})"})
    double dpNoise;

    @Option(names = "--dp-epsilon-budget", defaultValue = "10", description = {"the most epsilon (at delta 1e-3) the study",
            "may spend with --dp-noise (default: ${DEFAULT-VALUE})"})
    double dpEpsilonBudget;

    @Option(names = "--genes", description = {"train on the N probe sets most variable across the consortium, chosen",
            "from securely summed statistics; 0 trains on all 12,625 (default: " + DemoOptions.DEFAULT_GENES + ", or 0",
            "with --dp-noise, which standardizes at each hospital and so sums no statistics)"})
    Integer genes;

    @Override
    public Integer call() throws Exception {
        int chosenGenes = genes != null ? genes : dpNoise > 0 ? 0 : DemoOptions.DEFAULT_GENES;
        DemoOptions options = new DemoOptions(out, rounds, localEpochs, learningRate, consentPort, coordinatorPort, dpNoise,
                dpEpsilonBudget, chosenGenes, true);
        DemoRun.Outcome outcome = new DemoRun(options, System.out).run();
        Path summary = SummaryReport.write(out, outcome.summary());
        SummaryReport.print(System.out, outcome.summary());
        System.out.println("Summary written to " + summary);
        return 0;
    }
}
