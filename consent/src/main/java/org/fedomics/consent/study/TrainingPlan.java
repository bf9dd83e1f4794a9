package org.fedomics.consent.study;

import java.util.Optional;
import org.fedomics.crypto.dp.PrivacyAccountant;
import org.fedomics.crypto.dp.PrivacySpend;

/**
 * How a study trains: rounds of FedAvg, local epochs per round, the SGD learning rate, k folds
 * of cross-fitting (k fold models for honest evaluation plus one model on all training records),
 * a seed, the fewest permitted records a node may train on, the fewest nodes per round, and the
 * differential privacy it promises (absent in JSON: none). A record-level plan whose rounds would
 * spend more than its epsilon budget cannot be made.
 */
public record TrainingPlan(int rounds, int localEpochs, double learningRate, int folds, long seed,
                           int minRecordsPerNode, int minNodes, PrivacyPlan privacy) {
    /** Bounds the work a plan can ask of a node: DP-SGD steps per block and round. */
    static final long MAX_STEPS_PER_BLOCK = 100_000;
    /** The most rounds a plan may have; numbers above it name other aggregations (see {@link NodeTask#AUDIT_ROUND}). */
    public static final int MAX_ROUNDS = 1000;

    public TrainingPlan {
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("rounds must be 1.." + MAX_ROUNDS + ", got " + rounds);
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
        privacy = privacy == null ? PrivacyPlan.none() : privacy;
        if (privacy.mode() == PrivacyPlan.Mode.RECORD_LEVEL) {
            checkPrivacyFits(rounds, localEpochs, folds, privacy);
        }
    }

    /** A plan without differential privacy. */
    public TrainingPlan(int rounds, int localEpochs, double learningRate, int folds, long seed, int minRecordsPerNode,
                        int minNodes) {
        this(rounds, localEpochs, learningRate, folds, seed, minRecordsPerNode, minNodes, PrivacyPlan.none());
    }

    private static void checkPrivacyFits(int rounds, int localEpochs, int folds, PrivacyPlan privacy) {
        long steps = privacy.stepsPerBlock(localEpochs);
        if (steps > MAX_STEPS_PER_BLOCK) {
            throw new IllegalArgumentException("privacy: localEpochs / samplingRate = " + steps
                    + " DP-SGD steps per round, more than " + MAX_STEPS_PER_BLOCK);
        }
        PrivacyAccountant accountant = accountant(privacy);
        long perRound = folds * steps;
        PrivacySpend planned = accountant.spendAfter(rounds * perRound);
        if (planned.epsilon() > privacy.epsilonBudget()) {
            long fit = accountant.maxSteps() / perRound;
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "privacy: %d rounds would spend epsilon %.4g at delta %s, over the budget of %s; at most %d rounds fit",
                    rounds, planned.epsilon(), planned.delta(), privacy.epsilonBudget(), fit));
        }
    }

    private static PrivacyAccountant accountant(PrivacyPlan privacy) {
        return new PrivacyAccountant(privacy.mechanism(), privacy.delta(), privacy.epsilonBudget());
    }

    /** Parameter blocks per update: one per fold, then the model trained on every fold. */
    public int blocks() {
        return folds + 1;
    }

    public int finalBlock() {
        return folds;
    }

    /**
     * Whether the study standardizes features with the consortium's means and standard deviations,
     * securely summed from every node's statistics before round 1. Studies without differential
     * privacy do; a study under a record-level privacy plan does not, since exact consortium
     * statistics would be a release its privacy accounting does not cover: there each node
     * standardizes with its own statistics, which never leave it.
     */
    public boolean usesConsortiumStatistics() {
        return privacy.mode() == PrivacyPlan.Mode.NONE;
    }

    /**
     * DP-SGD steps each record goes through per round: a record of fold f is trained on by every
     * block but fold f's, so by {@code folds} blocks, each of which sends its own update.
     */
    public long privacyStepsPerRound() {
        return folds * privacy.stepsPerBlock(localEpochs);
    }

    /**
     * The (epsilon, delta) the study has spent after {@code completedRounds} rounds, the same at
     * every node (all run the same steps at the same rate). Empty when the plan promises no
     * differential privacy.
     */
    public Optional<PrivacySpend> plannedSpend(int completedRounds) {
        if (completedRounds < 0) {
            throw new IllegalArgumentException("rounds must be >= 0, got " + completedRounds);
        }
        if (privacy.mode() != PrivacyPlan.Mode.RECORD_LEVEL) {
            return Optional.empty();
        }
        return Optional.of(accountant(privacy).spendAfter(completedRounds * privacyStepsPerRound()));
    }
}
