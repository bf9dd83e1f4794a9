package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * One site's local training without differential privacy: Tribuo's SGD (logistic loss, AdaGrad,
 * one record per step, records shuffled by the seed) on the site's records over the study's
 * shared domain, starting from the global parameters. Returns parameters only: a Tribuo model
 * trained here carries this site's per-feature statistics and must never leave the site.
 */
public final class LocalTraining implements LocalTrainer {
    static {
        // Tribuo logs every training run at INFO through java.util.logging, including label counts.
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
    }

    private final StudyDomain domain;
    private final double learningRate;
    private final int epochs;

    public LocalTraining(StudyDomain domain, double learningRate, int epochs) {
        if (!(learningRate > 0) || epochs < 1) {
            throw new IllegalArgumentException("learning rate must be > 0 and epochs >= 1");
        }
        this.domain = domain;
        this.learningRate = learningRate;
        this.epochs = epochs;
    }

    @Override
    public TrainingResult train(ModelParameters global, List<LabeledRecord> records, long seed, String provenanceNote) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to train on");
        }
        String[] names = domain.features().toArray(String[]::new);
        List<Example<Label>> examples = new ArrayList<>(records.size());
        List<String> trainedIds = new ArrayList<>(records.size());
        for (LabeledRecord record : records) {
            domain.check(record);
            examples.add(new ArrayExample<>(new Label(record.label()), names, record.featuresView()));
            trainedIds.add(record.sampleId());
        }
        var provenance = new SimpleDataSourceProvenance("fedomics local records", new LabelFactory());
        var dataset = new ImmutableDataset<>(examples, provenance, new LabelFactory(),
                domain.featureMap(), domain.labelInfo(), false);
        var trainer = new WarmStartTrainer(global, learningRate, epochs, seed);
        Map<String, Provenance> runProvenance = Map.of(
                "global-model-sha256", new StringProvenance("global-model-sha256", global.sha256()),
                "round", new StringProvenance("round", provenanceNote));
        LinearSGDModel model = trainer.train(dataset, runProvenance);
        return new TrainingResult(ModelParameters.fromMatrix(model.getWeightsCopy()), List.copyOf(trainedIds));
    }

    /** The margin of the positive label over the negative one: a score that does not saturate. */
    public static double margin(StudyDomain domain, ModelParameters parameters, double[] features) {
        int positive = domain.labelRow(domain.positiveLabel());
        int negative = domain.labelRow(domain.negativeLabel());
        int bias = parameters.columns() - 1;
        double score = parameters.get(positive, bias) - parameters.get(negative, bias);
        for (int i = 0; i < features.length; i++) {
            int column = domain.column(i);
            score += (parameters.get(positive, column) - parameters.get(negative, column)) * features[i];
        }
        return score;
    }
}
