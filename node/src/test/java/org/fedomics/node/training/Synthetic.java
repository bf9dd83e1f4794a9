package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedomics.node.dataset.ExpressionMatrix;

/** Small synthetic expression data where one named feature alone separates the labels. */
final class Synthetic {
    private Synthetic() {
    }

    /** {@code n} samples s00.., features as given; {@code signal} is +1.5 for even (positive) samples, -1.5 for odd; others noise. */
    static ExpressionMatrix matrix(int n, List<String> features, String signal, long seed) {
        Random random = new Random(seed);
        List<String> samples = new ArrayList<>();
        float[][] values = new float[n][features.size()];
        for (int i = 0; i < n; i++) {
            samples.add(String.format("s%02d", i));
            for (int j = 0; j < features.size(); j++) {
                double noise = random.nextGaussian() * 0.3;
                values[i][j] = (float) (features.get(j).equals(signal) ? (positive(i) ? 1.5 : -1.5) + noise : noise * 3);
            }
        }
        return new ExpressionMatrix(samples, features, values);
    }

    static boolean positive(int sampleIndex) {
        return sampleIndex % 2 == 0;
    }

    static String label(String sampleId) {
        return positive(Integer.parseInt(sampleId.substring(1))) ? Studies.POSITIVE : Studies.NEGATIVE;
    }

    /** Records in the matrix's own feature order (the study order when the study lists the same features). */
    static List<LabeledRecord> records(ExpressionMatrix m, List<String> studyFeatures) {
        FeatureAlignment rows = FeatureAlignment.of(m, studyFeatures);
        List<LabeledRecord> records = new ArrayList<>();
        for (String sample : m.sampleIds()) {
            records.add(new LabeledRecord(sample, rows.row(sample), label(sample)));
        }
        return records;
    }
}
