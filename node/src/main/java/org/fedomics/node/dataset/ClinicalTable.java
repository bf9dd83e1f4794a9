package org.fedomics.node.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Clinical covariates keyed by sample id; a missing value is absent, never an empty string. */
public record ClinicalTable(List<String> columns, Map<String, Map<String, String>> rowsBySample) {
    public ClinicalTable {
        columns = List.copyOf(columns);
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        rowsBySample.forEach((sample, row) -> copy.put(sample, Map.copyOf(row)));
        rowsBySample = java.util.Collections.unmodifiableMap(copy);
    }

    public Optional<String> value(String sampleId, String column) {
        Map<String, String> row = rowsBySample.get(sampleId);
        return row == null ? Optional.empty() : Optional.ofNullable(row.get(column));
    }

    public List<String> sampleIds() {
        return List.copyOf(rowsBySample.keySet());
    }
}
