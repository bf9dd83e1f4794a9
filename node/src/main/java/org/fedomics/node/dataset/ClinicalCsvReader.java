package org.fedomics.node.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a clinical table keyed by its first column (the sample id); empty cells are missing values. */
public final class ClinicalCsvReader {

    public ClinicalTable read(Path file) throws IOException {
        try (CsvLines lines = CsvLines.open(file)) {
            String[] header = lines.next();
            if (header == null || header.length < 2) {
                throw new DatasetFormatException(lines.fileName(), "no header with a sample id column and at least one covariate");
            }
            Set<String> names = new HashSet<>();
            for (String name : header) {
                if (!names.add(name)) {
                    throw new DatasetFormatException(lines.fileName(), 1, name, "duplicate column " + name);
                }
            }
            Map<String, Map<String, String>> rows = new LinkedHashMap<>();
            for (String[] fields = lines.nextSampleRow(header); fields != null; fields = lines.nextSampleRow(header)) {
                String sample = fields[0];
                if (rows.containsKey(sample)) {
                    throw new DatasetFormatException(lines.fileName(), lines.lineNumber(), header[0], "duplicate sample id " + sample);
                }
                Map<String, String> row = new HashMap<>();
                for (int j = 1; j < header.length; j++) {
                    if (!fields[j].isBlank()) {
                        row.put(header[j], fields[j].trim());
                    }
                }
                rows.put(sample, row);
            }
            if (rows.isEmpty()) {
                throw new DatasetFormatException(lines.fileName(), "no sample rows");
            }
            List<String> columns = Arrays.asList(header).subList(1, header.length);
            return new ClinicalTable(columns, rows);
        }
    }
}
