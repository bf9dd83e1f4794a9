package org.fedomics.node.dataset;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node's own binary form of a dataset, written only inside an encrypted file. */
final class DatasetCodec {
    private static final int VERSION = 1;

    private DatasetCodec() {
    }

    static void write(LocalDataset dataset, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(VERSION);
        out.writeUTF(dataset.name());
        ExpressionMatrix m = dataset.expression();
        writeStrings(out, m.features());
        writeStrings(out, m.sampleIds());
        for (int i = 0; i < m.sampleIds().size(); i++) {
            for (float v : m.rawRow(i)) {
                out.writeFloat(v);
            }
        }
        ClinicalTable clinical = dataset.clinical();
        writeStrings(out, clinical.columns());
        out.writeInt(clinical.rowsBySample().size());
        for (var row : clinical.rowsBySample().entrySet()) {
            out.writeUTF(row.getKey());
            out.writeInt(row.getValue().size());
            for (var cell : row.getValue().entrySet()) {
                out.writeUTF(cell.getKey());
                out.writeUTF(cell.getValue());
            }
        }
        out.flush();
    }

    static LocalDataset read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("dataset format version " + version + " is not supported");
        }
        String name = in.readUTF();
        List<String> features = readStrings(in);
        List<String> samples = readStrings(in);
        float[][] values = new float[samples.size()][features.size()];
        for (float[] row : values) {
            for (int j = 0; j < row.length; j++) {
                row[j] = in.readFloat();
            }
        }
        List<String> columns = readStrings(in);
        int rows = in.readInt();
        Map<String, Map<String, String>> clinical = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++) {
            String sample = in.readUTF();
            int cells = in.readInt();
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < cells; c++) {
                row.put(in.readUTF(), in.readUTF());
            }
            clinical.put(sample, row);
        }
        return new LocalDataset(name, new ExpressionMatrix(samples, features, values), new ClinicalTable(columns, clinical));
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 10_000_000) {
            throw new IOException("corrupt dataset: list of " + n + " names");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
