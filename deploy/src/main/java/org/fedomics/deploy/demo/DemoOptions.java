package org.fedomics.deploy.demo;

import java.nio.file.Path;

/**
 * Options of a demo run.
 *
 * @param out              where summary.json and the consortium's work directory go
 * @param rounds           FedAvg rounds (default 10)
 * @param localEpochs      local epochs per round (default 5)
 * @param learningRate     local SGD (AdaGrad) learning rate
 * @param consentPort      the consent service's port (0: free port)
 * @param coordinatorPort  the coordinator's port (0: free port)
 * @param showProgress     print steps and a progress bar (off for benchmarks)
 */
public record DemoOptions(Path out, int rounds, int localEpochs, double learningRate, int consentPort, int coordinatorPort, boolean showProgress) {
    public DemoOptions {
        if (rounds < 2 || rounds > 100) {
            throw new IllegalArgumentException("--rounds must be 2..100 (a patient revokes consent before round 2), got " + rounds);
        }
        for (int port : new int[] {consentPort, coordinatorPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("ports must be 0..65535, got " + port);
            }
        }
    }
}
