package org.fedomics.deploy.demo;

import java.nio.file.Path;

/**
 * Options of a demo run.
 *
 * @param out              where summary.json and the consortium's work directory go
 * @param rounds           FedAvg rounds (default 10)
 * @param localEpochs      local epochs per round (default 5)
 * @param learningRate     local SGD (AdaGrad) learning rate (default {@value #DEFAULT_LEARNING_RATE})
 * @param consentPort      the consent service's port (0: free port)
 * @param coordinatorPort  the coordinator's port (0: free port)
 * @param dpNoise          DP-SGD noise multiplier; 0 (the default) trains without differential privacy
 * @param dpEpsilonBudget  the most epsilon the study may spend when dpNoise is above 0
 * @param genes            train on this many probe sets, those most variable across the consortium
 *                         (chosen from the securely summed statistics); 0 trains on all of them
 * @param showProgress     print steps and a progress bar (off for benchmarks)
 */
public record DemoOptions(Path out, int rounds, int localEpochs, double learningRate, int consentPort, int coordinatorPort,
                          double dpNoise, double dpEpsilonBudget, int genes, boolean showProgress) {
    /**
     * On all 12,625 probes standardized with the consortium's statistics, 0.01 saturates local
     * AdaGrad within a round (margins near +-15), and FedAvg of saturated models ranks the hospitals'
     * records apart (federated AUC 0.63 against 0.75 pooled); 0.001 does not saturate.
     */
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /**
     * The demo trains on the 1,000 probe sets most variable across the consortium: on about 65
     * records, fewer inputs generalize better (federated AUC 0.83 against 0.70 on all 12,625).
     */
    public static final int DEFAULT_GENES = 1000;
    /** The demo without differential privacy, on the {@value #DEFAULT_GENES} most variable probe sets. */
    public DemoOptions(Path out, int rounds, int localEpochs, double learningRate, int consentPort, int coordinatorPort,
                       boolean showProgress) {
        this(out, rounds, localEpochs, learningRate, consentPort, coordinatorPort, 0, 0, DEFAULT_GENES, showProgress);
    }

    public DemoOptions {
        if (!(dpNoise >= 0) || Double.isInfinite(dpNoise)) {
            throw new IllegalArgumentException("--dp-noise must be 0 (off) or a positive number, got " + dpNoise);
        }
        if (genes < 0) {
            throw new IllegalArgumentException("--genes must be 0 (all probe sets) or a positive number, got " + genes);
        }
        if (genes > 0 && dpNoise > 0) {
            throw new IllegalArgumentException("--genes chooses from the consortium's statistics, which a study with --dp-noise"
                    + " does not compute (each hospital standardizes on its own); use one or the other");
        }
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
