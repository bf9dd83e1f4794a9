package org.fedomics.node.dataset;

import java.util.ArrayList;
import java.util.List;

/** A hospital's imported dataset: expression values and the clinical table for the same samples. */
public record LocalDataset(String name, ExpressionMatrix expression, ClinicalTable clinical) {
    public LocalDataset {
        List<String> missing = new ArrayList<>();
        for (String sample : expression.sampleIds()) {
            if (!clinical.rowsBySample().containsKey(sample)) {
                missing.add(sample);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + ": " + missing.size()
                    + " expression samples have no clinical row, first " + missing.get(0));
        }
    }
}
