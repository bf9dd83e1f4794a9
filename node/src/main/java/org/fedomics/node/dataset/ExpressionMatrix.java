package org.fedomics.node.dataset;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gene-expression values, samples as rows and features (probe sets, genes) as columns. The value
 * array never escapes: callers read rows as copies.
 */
public final class ExpressionMatrix {
    private final List<String> sampleIds;
    private final List<String> features;
    private final float[][] values;
    private final Map<String, Integer> rowOfSample;

    public ExpressionMatrix(List<String> sampleIds, List<String> features, float[][] values) {
        if (values.length != sampleIds.size()) {
            throw new IllegalArgumentException("rows " + values.length + " != samples " + sampleIds.size());
        }
        for (float[] row : values) {
            if (row.length != features.size()) {
                throw new IllegalArgumentException("row of " + row.length + " values for " + features.size() + " features");
            }
        }
        this.sampleIds = List.copyOf(sampleIds);
        this.features = List.copyOf(features);
        this.values = Arrays.stream(values).map(float[]::clone).toArray(float[][]::new);
        this.rowOfSample = new HashMap<>();
        for (int i = 0; i < this.sampleIds.size(); i++) {
            rowOfSample.put(this.sampleIds.get(i), i);
        }
    }

    public List<String> sampleIds() {
        return sampleIds;
    }

    public List<String> features() {
        return features;
    }

    public boolean hasSample(String sampleId) {
        return rowOfSample.containsKey(sampleId);
    }

    /** A copy of one sample's values, in the order of {@link #features()}. */
    public double[] row(String sampleId) {
        Integer index = rowOfSample.get(sampleId);
        if (index == null) {
            throw new IllegalArgumentException("no sample " + sampleId);
        }
        float[] source = values[index];
        double[] copy = new double[source.length];
        for (int j = 0; j < source.length; j++) {
            copy[j] = source[j];
        }
        return copy;
    }

    /** Package-private raw access for the encoder, which writes the values without copying them. */
    float[] rawRow(int index) {
        return values[index];
    }
}
