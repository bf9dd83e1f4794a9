package org.fedomics.node.training;

/** One record ready for training: its sample id, its features in study order, its label. */
public record LabeledRecord(String sampleId, double[] features, String label) {
    public LabeledRecord {
        features = features.clone();
    }

    @Override
    public double[] features() {
        return features.clone();
    }

    /** Read-only access for the hot loops of this package, without a copy. */
    double[] featuresView() {
        return features;
    }
}
