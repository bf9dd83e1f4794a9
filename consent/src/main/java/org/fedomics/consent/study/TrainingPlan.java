package org.fedomics.consent.study;

/**
 * How a study trains: rounds of FedAvg, local epochs per round, the SGD learning rate, k folds
 * of cross-fitting (k fold models for honest evaluation plus one model on all training records),
 * a seed, the fewest permitted records a node may train on, and the fewest nodes per round.
 */
public record TrainingPlan(int rounds, int localEpochs, double learningRate, int folds, long seed,
                           int minRecordsPerNode, int minNodes) {
    public TrainingPlan {
        if (rounds < 1 || rounds > 1000) {
            throw new IllegalArgumentException("rounds must be 1..1000, got " + rounds);
        }
        if (localEpochs < 1 || localEpochs > 1000) {
            throw new IllegalArgumentException("localEpochs must be 1..1000, got " + localEpochs);
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("learningRate must be in (0, 10], got " + learningRate);
        }
        if (folds < 2 || folds > 10) {
            throw new IllegalArgumentException("folds must be 2..10, got " + folds);
        }
        if (minRecordsPerNode < 1) {
            throw new IllegalArgumentException("minRecordsPerNode must be at least 1, got " + minRecordsPerNode);
        }
        if (minNodes < 1) {
            throw new IllegalArgumentException("minNodes must be at least 1, got " + minNodes);
        }
    }

    /** Parameter blocks per update: one per fold, then the model trained on every fold. */
    public int blocks() {
        return folds + 1;
    }

    public int finalBlock() {
        return folds;
    }
}
