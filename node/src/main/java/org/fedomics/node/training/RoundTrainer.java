package org.fedomics.node.training;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.PrivacyPlan;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainingPlan;

/**
 * A node's work in one round: for each parameter block (each cross-fitting fold, then the final
 * model) train locally from the global block on the permitted records of that block, standardized
 * as the study says, and return the count-weighted parameters with the counts, ready to be summed
 * with the other nodes'. The local trainer follows the study's privacy plan.
 */
public final class RoundTrainer {
    private final StudyRequest study;
    private final StudyDomain domain;
    private final FeatureAlignment rows;
    private final LocalTrainer trainer;

    /** A round trainer whose DP-SGD (if the plan asks for it) draws from a fresh DRBG. */
    public RoundTrainer(StudyRequest study, FeatureAlignment rows) {
        this(study, rows, newDrbg());
    }

    public RoundTrainer(StudyRequest study, FeatureAlignment rows, SecureRandom privacyRandom) {
        this.study = study;
        this.domain = new StudyDomain(study.features(), study.outcome().labels());
        this.rows = rows;
        this.trainer = trainerFor(domain, study.plan(), privacyRandom);
    }

    /**
     * The local trainer a study's plan asks for: DP-SGD ({@link DpSgdTraining}) when its privacy
     * plan is record-level, Tribuo's SGD ({@link LocalTraining}) otherwise.
     */
    public static LocalTrainer trainerFor(StudyDomain domain, TrainingPlan plan, SecureRandom privacyRandom) {
        return switch (plan.privacy().mode()) {
            case RECORD_LEVEL -> DpSgdTraining.forPlan(domain, plan, privacyRandom);
            case NONE -> new LocalTraining(domain, plan.learningRate(), plan.localEpochs());
        };
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG is missing", e);
        }
    }

    public StudyDomain domain() {
        return domain;
    }

    public LocalTrainer trainer() {
        return trainer;
    }

    public RoundOutcome train(ParameterBlocks global, List<CohortMember> permitted, int round, long nodeSeed,
                              BlockStandardization standardization) {
        var plan = study.plan();
        if (global.blocks() != plan.blocks() || global.rows() != domain.labels().size()
                || global.columns() != domain.featureCount() + 1) {
            throw new IllegalArgumentException("the global model's shape does not match the study");
        }
        if (plan.privacy().mode() == PrivacyPlan.Mode.RECORD_LEVEL && (round < 1 || round > plan.rounds())) {
            // the study's privacy spend was approved for rounds 1..R only
            throw new IllegalArgumentException("round " + round + " is outside the study's rounds 1.." + plan.rounds()
                    + " that its privacy plan accounts for");
        }
        long[] counts = new long[plan.blocks()];
        double[] weighted = new double[global.blocks() * global.blockSize()];
        List<List<String>> trained = new ArrayList<>();
        List<Standardizer> standardizers = new ArrayList<>();
        for (int b = 0; b < plan.blocks(); b++) {
            BlockTraining data = BlockTraining.of(rows, BlockTraining.membersOf(permitted, b, plan.folds()), b, standardization);
            ModelParameters start = ModelParameters.of(global.rows(), global.columns(), global.block(b));
            long seed = plan.seed() * 1_000_003L + round * 1_009L + b * 31L + nodeSeed;
            TrainingResult result = trainer.train(start, data.records(), seed, "round " + round + " block " + b);
            double[] local = result.parameters().toArray();
            int n = data.records().size();
            for (int i = 0; i < local.length; i++) {
                weighted[b * global.blockSize() + i] = local[i] * n;
            }
            counts[b] = n;
            trained.add(result.trainedSampleIds());
            standardizers.add(data.standardizer());
        }
        return new RoundOutcome(new ParameterBlocks(global.blocks(), global.rows(), global.columns(), counts, weighted),
                trained, standardizers);
    }

    /**
     * What a round produced: the update to send, and (kept at the node) what each block trained on
     * and the standardizer each block's held-out records are to be scored with.
     */
    public record RoundOutcome(ParameterBlocks update, List<List<String>> trainedPerBlock, List<Standardizer> standardizers) {
        public RoundOutcome {
            trainedPerBlock = trainedPerBlock.stream().map(List::copyOf).toList();
            standardizers = List.copyOf(standardizers);
        }
    }
}
