package org.fedomics.deploy.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.node.dataset.LocalDataset;
import org.fedomics.node.evaluation.BinaryScores;
import org.fedomics.node.evaluation.CrossFitFolds;
import org.fedomics.node.evaluation.HeldOutScore;
import org.fedomics.node.round.RoundRecord;
import org.fedomics.node.training.BlockTraining;
import org.fedomics.node.training.CohortMember;
import org.fedomics.node.training.FeatureAlignment;
import org.fedomics.node.training.LabeledRecord;
import org.fedomics.node.training.LocalTraining;
import org.fedomics.node.training.ModelParameters;
import org.fedomics.node.training.StudyCohort;
import org.fedomics.node.training.StudyDomain;

/**
 * Federated, pooled and local-only models compared on the same out-of-fold records. The federated
 * scores come from each hospital's own evaluation of the released fold models. The pooled and
 * local-only references are computed here, by the demo only, from the same records each hospital
 * trained on in the last round (consent applies to them too), with the same standardization and the
 * same number of epochs in all (rounds x local epochs).
 */
public final class CrossFitReport {

    public record Scores(double auc, double accuracy) {
        static Scores of(BinaryScores s) {
            return new Scores(s.auc(), s.accuracy());
        }
    }

    public record Result(Scores federated, Scores pooled, Scores localOnlyMean, Map<String, Scores> localOnly, int evaluated) {
    }

    private CrossFitReport() {
    }

    public static Result compute(StudyRequest study, Map<String, LocalDataset> datasets,
                                 Map<String, List<HeldOutScore>> federatedScores, Map<String, RoundRecord> lastRounds) {
        BinaryScores federated = new BinaryScores();
        federatedScores.values().forEach(list -> list.forEach(s -> federated.add(s.positive(), s.margin())));

        StudyDomain domain = new StudyDomain(study.features(), study.outcome().labels());
        int epochs = study.plan().rounds() * study.plan().localEpochs();
        LocalTraining training = new LocalTraining(domain, study.plan().learningRate(), epochs);
        BinaryScores pooled = new BinaryScores();
        Map<String, BinaryScores> local = new LinkedHashMap<>();
        datasets.keySet().forEach(h -> local.put(h, new BinaryScores()));
        for (int fold = 0; fold < study.plan().folds(); fold++) {
            List<LabeledRecord> allTraining = new ArrayList<>();
            Map<String, BlockTraining> blocks = new LinkedHashMap<>();
            Map<String, List<LabeledRecord>> tests = new LinkedHashMap<>();
            for (var entry : datasets.entrySet()) {
                String hospital = entry.getKey();
                Map<String, String> labels = StudyCohort.labelsOf(study, entry.getValue());
                Map<String, Integer> folds = CrossFitFolds.assign(labels, study.plan().folds(), study.plan().seed());
                FeatureAlignment rows = FeatureAlignment.of(entry.getValue().expression(), study.features());
                List<CohortMember> trained = lastRounds.get(hospital).trainedPerBlock().get(fold).stream()
                        .map(id -> new CohortMember(id, "", labels.get(id), folds.get(id))).toList();
                BlockTraining block = BlockTraining.of(rows, trained);
                blocks.put(hospital, block);
                allTraining.addAll(block.records());
                final int f = fold;
                tests.put(hospital, labels.keySet().stream().sorted().filter(id -> folds.get(id) == f)
                        .map(id -> new LabeledRecord(id, block.standardizer().apply(rows.row(id)), labels.get(id))).toList());
            }
            ModelParameters pooledModel = training.train(domain.zeroModel(), allTraining, study.plan().seed() + fold, "pooled").parameters();
            for (var entry : blocks.entrySet()) {
                String hospital = entry.getKey();
                ModelParameters localModel = training.train(domain.zeroModel(), entry.getValue().records(),
                        study.plan().seed() + fold, "local-only").parameters();
                for (LabeledRecord test : tests.get(hospital)) {
                    boolean positive = test.label().equals(study.outcome().positive());
                    pooled.add(positive, LocalTraining.margin(domain, pooledModel, test.features()));
                    local.get(hospital).add(positive, LocalTraining.margin(domain, localModel, test.features()));
                }
            }
        }
        Map<String, Scores> localScores = new LinkedHashMap<>();
        local.forEach((h, s) -> localScores.put(h, Scores.of(s)));
        double meanAuc = localScores.values().stream().mapToDouble(Scores::auc).average().orElse(Double.NaN);
        double meanAccuracy = localScores.values().stream().mapToDouble(Scores::accuracy).average().orElse(Double.NaN);
        return new Result(Scores.of(federated), Scores.of(pooled), new Scores(meanAuc, meanAccuracy), localScores, federated.size());
    }
}
