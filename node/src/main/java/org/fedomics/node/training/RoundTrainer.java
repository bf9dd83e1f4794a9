package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.List;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.StudyRequest;

/**
 * A node's work in one round: for each parameter block (each cross-fitting fold, then the final
 * model) train locally from the global block on the permitted records of that block, and return
 * the count-weighted parameters with the counts, ready to be summed with the other nodes'.
 */
public final class RoundTrainer {
    private final StudyRequest study;
    private final StudyDomain domain;
    private final FeatureAlignment rows;

    public RoundTrainer(StudyRequest study, FeatureAlignment rows) {
        this.study = study;
        this.domain = new StudyDomain(study.features(), study.outcome().labels());
        this.rows = rows;
    }

    public StudyDomain domain() {
        return domain;
    }

    public RoundOutcome train(ParameterBlocks global, List<CohortMember> permitted, int round, long nodeSeed) {
        var plan = study.plan();
        if (global.blocks() != plan.blocks() || global.rows() != domain.labels().size()
                || global.columns() != domain.featureCount() + 1) {
            throw new IllegalArgumentException("the global model's shape does not match the study");
        }
        LocalTraining training = new LocalTraining(domain, plan.learningRate(), plan.localEpochs());
        long[] counts = new long[plan.blocks()];
        double[] weighted = new double[global.blocks() * global.blockSize()];
        List<List<String>> trained = new ArrayList<>();
        List<Standardizer> standardizers = new ArrayList<>();
        for (int b = 0; b < plan.blocks(); b++) {
            BlockTraining data = BlockTraining.of(rows, BlockTraining.membersOf(permitted, b, plan.folds()));
            ModelParameters start = ModelParameters.of(global.rows(), global.columns(), global.block(b));
            long seed = plan.seed() * 1_000_003L + round * 1_009L + b * 31L + nodeSeed;
            TrainingResult result = training.train(start, data.records(), seed, "round " + round + " block " + b);
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

    /** What a round produced: the update to send, and (kept at the node) what each block trained on. */
    public record RoundOutcome(ParameterBlocks update, List<List<String>> trainedPerBlock, List<Standardizer> standardizers) {
        public RoundOutcome {
            trainedPerBlock = trainedPerBlock.stream().map(List::copyOf).toList();
            standardizers = List.copyOf(standardizers);
        }
    }
}
