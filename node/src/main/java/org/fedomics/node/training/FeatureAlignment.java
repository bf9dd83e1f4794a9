package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.node.dataset.ExpressionMatrix;

/** Reads a dataset's rows in the study's feature order; a dataset lacking study features cannot take part. */
public final class FeatureAlignment {
    private final ExpressionMatrix matrix;
    private final int[] datasetColumn;

    private FeatureAlignment(ExpressionMatrix matrix, int[] datasetColumn) {
        this.matrix = matrix;
        this.datasetColumn = datasetColumn;
    }

    public static FeatureAlignment of(ExpressionMatrix matrix, List<String> studyFeatures) {
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < matrix.features().size(); j++) {
            index.put(matrix.features().get(j), j);
        }
        List<String> missing = new ArrayList<>();
        int[] columns = new int[studyFeatures.size()];
        for (int i = 0; i < columns.length; i++) {
            Integer j = index.get(studyFeatures.get(i));
            if (j == null) {
                missing.add(studyFeatures.get(i));
            } else {
                columns[i] = j;
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the dataset lacks " + missing.size() + " of the study's "
                    + studyFeatures.size() + " features, first " + missing.get(0));
        }
        return new FeatureAlignment(matrix, columns);
    }

    public double[] row(String sampleId) {
        double[] full = matrix.row(sampleId);
        double[] aligned = new double[datasetColumn.length];
        for (int i = 0; i < aligned.length; i++) {
            aligned[i] = full[datasetColumn[i]];
        }
        return aligned;
    }
}
