package org.fedomics.deploy.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.fedomics.node.evaluation.CrossFitFolds;

/**
 * The bundled ALL dataset (Chiaretti et al. 2004, Bioconductor ALL, Artistic-2.0; see the README
 * beside the data) split into hospitals' exports: each sample goes to one hospital, drawn with a
 * fixed seed and stratified by molecular subtype and lineage so every hospital has its share.
 */
public final class BundledData {
    static final String EXPRESSION = "/data/all-leukemia/all-expression.csv.gz";
    static final String PHENOTYPE = "/data/all-leukemia/all-phenotype.csv";

    private BundledData() {
    }

    /** Writes {@code DIR/HOSPITAL/expression.csv} and {@code clinical.csv} for each hospital. */
    public static Map<String, HospitalExport> exportForHospitals(Path directory, List<String> hospitals, long seed) throws IOException {
        Map<String, String> strata = strata();
        Map<String, Integer> hospitalIndex = CrossFitFolds.assign(strata, hospitals.size(), seed);
        Map<String, HospitalExport> exports = new LinkedHashMap<>();
        for (String hospital : hospitals) {
            Path home = Files.createDirectories(directory.resolve(hospital));
            exports.put(hospital, new HospitalExport(home.resolve("expression.csv"), home.resolve("clinical.csv")));
        }
        split(resource(EXPRESSION, true), hospitals, hospitalIndex, exports, true);
        split(resource(PHENOTYPE, false), hospitals, hospitalIndex, exports, false);
        return exports;
    }

    /** Copies each line to the hospital of its sample; the text is kept exactly as published. */
    private static void split(BufferedReader in, List<String> hospitals, Map<String, Integer> hospitalIndex,
                              Map<String, HospitalExport> exports, boolean expression) throws IOException {
        Map<String, BufferedWriter> writers = new HashMap<>();
        try (in) {
            for (String hospital : hospitals) {
                HospitalExport export = exports.get(hospital);
                writers.put(hospital, Files.newBufferedWriter(expression ? export.expression() : export.clinical(), StandardCharsets.UTF_8));
            }
            String header = in.readLine();
            for (BufferedWriter w : writers.values()) {
                w.write(header);
                w.newLine();
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String sample = line.substring(0, line.indexOf(','));
                BufferedWriter w = writers.get(hospitals.get(hospitalIndex.get(sample)));
                w.write(line);
                w.newLine();
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
    }

    /** Sample id to its stratum: molecular subtype within lineage (B or T). */
    static Map<String, String> strata() throws IOException {
        Map<String, String> strata = new HashMap<>();
        try (BufferedReader in = resource(PHENOTYPE, false)) {
            List<String> header = List.of(in.readLine().split(",", -1));
            int bt = header.indexOf("BT");
            int mol = header.indexOf("mol.biol");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",", -1);
                strata.put(f[0], f[bt].substring(0, 1) + "/" + f[mol]);
            }
        }
        return strata;
    }

    private static BufferedReader resource(String name, boolean gzip) throws IOException {
        InputStream in = BundledData.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("the bundled dataset " + name + " is missing from this build");
        }
        return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in, 1 << 16) : in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The feature list of the bundled matrix: every probe set, in the published order. */
    public static List<String> probeSets() throws IOException {
        try (BufferedReader in = resource(EXPRESSION, true)) {
            String[] header = in.readLine().split(",", -1);
            return List.of(header).subList(1, header.length);
        }
    }

    /** One hospital's plaintext export, as its IT would hand it to the node's import. */
    public record HospitalExport(Path expression, Path clinical) {
    }
}
