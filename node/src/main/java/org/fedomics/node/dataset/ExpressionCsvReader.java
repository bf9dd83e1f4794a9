package org.fedomics.node.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an expression matrix with samples as rows: a header {@code sample_id,feature1,...} and one
 * line per sample. Duplicate ids, ragged lines and non-numeric or non-finite cells are refused
 * with the file, line and column named.
 */
public final class ExpressionCsvReader {

    public ExpressionMatrix read(Path file) throws IOException {
        try (CsvLines lines = CsvLines.open(file)) {
            String[] header = lines.next();
            if (header == null || header.length < 2) {
                throw new DatasetFormatException(lines.fileName(), "no header with a sample id column and at least one feature");
            }
            List<String> features = Arrays.asList(header).subList(1, header.length);
            requireUnique(lines, features, "feature");
            List<String> samples = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<float[]> rows = new ArrayList<>();
            for (String[] fields = lines.nextSampleRow(header); fields != null; fields = lines.nextSampleRow(header)) {
                String sample = fields[0];
                if (!seen.add(sample)) {
                    throw new DatasetFormatException(lines.fileName(), lines.lineNumber(), header[0], "duplicate sample id " + sample);
                }
                samples.add(sample);
                rows.add(parseRow(lines, header, fields));
            }
            if (samples.isEmpty()) {
                throw new DatasetFormatException(lines.fileName(), "no sample rows");
            }
            return new ExpressionMatrix(samples, features, rows.toArray(float[][]::new));
        }
    }

    private static float[] parseRow(CsvLines lines, String[] header, String[] fields) {
        float[] row = new float[fields.length - 1];
        for (int j = 1; j < fields.length; j++) {
            float value;
            try {
                value = Float.parseFloat(fields[j]);
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(lines.fileName(), lines.lineNumber(), header[j],
                        "not a number" + (fields[j].isEmpty() ? " (empty cell)" : ""));
            }
            if (!Float.isFinite(value)) {
                throw new DatasetFormatException(lines.fileName(), lines.lineNumber(), header[j], "not a finite number");
            }
            row[j - 1] = value;
        }
        return row;
    }

    private static void requireUnique(CsvLines lines, List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw new DatasetFormatException(lines.fileName(), 1, null, "empty " + what + " name in the header");
            }
            if (!seen.add(name)) {
                throw new DatasetFormatException(lines.fileName(), 1, name, "duplicate " + what + " " + name);
            }
        }
    }
}
