package org.fedomics.deploy.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainedStudy;
import org.fedomics.node.dataset.LocalDataset;
import org.fedomics.node.evaluation.BinaryScores;
import org.fedomics.node.evaluation.CrossFitFolds;
import org.fedomics.node.evaluation.HeldOutScore;
import org.fedomics.node.round.RoundRecord;
import org.fedomics.node.training.BlockStandardization;
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
 * trained on in the last round (consent applies to them too), with the same number of epochs in
 * all (rounds x local epochs). The pooled model is standardized exactly as the federated one (with
 * the consortium's statistics, or under record-level DP with each hospital's own), so the two
 * differ only in how they were trained; a local-only model uses its hospital's own statistics,
 * since a hospital on its own has no others.
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

    /** @param trained the study as its rounds trained it: the same features, standardized alike */
    public static Result compute(TrainedStudy trained, Map<String, LocalDataset> datasets,
                                 Map<String, List<HeldOutScore>> federatedScores, Map<String, RoundRecord> lastRounds) {
        StudyRequest study = trained.request();
        BinaryScores federated = new BinaryScores();
        federatedScores.values().forEach(list -> list.forEach(s -> federated.add(s.positive(), s.margin())));

        StudyDomain domain = new StudyDomain(study.features(), study.outcome().labels());
        int epochs = study.plan().rounds() * study.plan().localEpochs();
        LocalTraining training = new LocalTraining(domain, study.plan().learningRate(), epochs);
        BlockStandardization federatedStandardization = BlockStandardization.forStudy(trained);
        BlockStandardization own = BlockStandardization.ownRecords();
        BinaryScores pooled = new BinaryScores();
        Map<String, BinaryScores> local = new LinkedHashMap<>();
        datasets.keySet().forEach(h -> local.put(h, new BinaryScores()));
        for (int fold = 0; fold < study.plan().folds(); fold++) {
            List<LabeledRecord> allTraining = new ArrayList<>();
            Map<String, HospitalFold> hospitals = new LinkedHashMap<>();
            for (var entry : datasets.entrySet()) {
                HospitalFold data = HospitalFold.of(study, entry.getValue(), lastRounds.get(entry.getKey()), fold,
                        federatedStandardization, own);
                hospitals.put(entry.getKey(), data);
                allTraining.addAll(data.pooled().records());
            }
            ModelParameters pooledModel = training.train(domain.zeroModel(), allTraining, study.plan().seed() + fold, "pooled").parameters();
            for (var entry : hospitals.entrySet()) {
                HospitalFold data = entry.getValue();
                ModelParameters localModel = training.train(domain.zeroModel(), data.local().records(),
                        study.plan().seed() + fold, "local-only").parameters();
                for (String id : data.heldOut()) {
                    double[] raw = data.rows().row(id);
                    boolean positive = data.labels().get(id).equals(study.outcome().positive());
                    pooled.add(positive, LocalTraining.margin(domain, pooledModel, data.pooled().standardizer().apply(raw)));
                    local.get(entry.getKey()).add(positive, LocalTraining.margin(domain, localModel, data.local().standardizer().apply(raw)));
                }
            }
        }
        Map<String, Scores> localScores = new LinkedHashMap<>();
        local.forEach((h, s) -> localScores.put(h, Scores.of(s)));
        double meanAuc = localScores.values().stream().mapToDouble(Scores::auc).average().orElse(Double.NaN);
        double meanAccuracy = localScores.values().stream().mapToDouble(Scores::accuracy).average().orElse(Double.NaN);
        return new Result(Scores.of(federated), Scores.of(pooled), new Scores(meanAuc, meanAccuracy), localScores, federated.size());
    }

    /**
     * One hospital in one fold: its rows and labels, the records of the fold it holds out, and the
     * records it trained on in the last round, standardized as the federated model was (for the
     * pooled reference) and with its own statistics (for its local-only reference).
     */
    private record HospitalFold(FeatureAlignment rows, Map<String, String> labels, List<String> heldOut, BlockTraining pooled,
                                BlockTraining local) {
        static HospitalFold of(StudyRequest study, LocalDataset dataset, RoundRecord lastRound, int fold,
                               BlockStandardization federated, BlockStandardization own) {
            Map<String, String> labels = StudyCohort.labelsOf(study, dataset);
            Map<String, Integer> folds = CrossFitFolds.assign(labels, study.plan().folds(), study.plan().seed());
            FeatureAlignment rows = FeatureAlignment.of(dataset.expression(), study.features());
            List<CohortMember> trained = lastRound.trainedPerBlock().get(fold).stream()
                    .map(id -> new CohortMember(id, "", labels.get(id), folds.get(id))).toList();
            List<String> heldOut = labels.keySet().stream().sorted().filter(id -> folds.get(id) == fold).toList();
            return new HospitalFold(rows, labels, heldOut, BlockTraining.of(rows, trained, fold, federated),
                    BlockTraining.of(rows, trained, fold, own));
        }
    }
}
