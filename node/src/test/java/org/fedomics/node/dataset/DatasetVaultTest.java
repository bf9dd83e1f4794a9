package org.fedomics.node.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fedomics.crypto.aead.EncryptedFiles;
import org.fedomics.crypto.aead.MasterKeyStore;
import org.fedomics.crypto.aead.Passphrase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault on a slice of the real ALL data: exact round trip, nothing in plaintext, atomic replace, bound to the node. */
class DatasetVaultTest {
    @TempDir
    Path dir;
    private Path vaultDir;
    private Path expression;
    private Path clinical;
    private EncryptedFiles files;

    @BeforeEach
    void setUp() throws IOException, GeneralSecurityException {
        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        expression = copyResource("/all-leukemia-slice/expression.csv.gz", inputs.resolve("expression.csv.gz"));
        clinical = copyResource("/all-leukemia-slice/phenotype.csv", inputs.resolve("phenotype.csv"));
        files = new EncryptedFiles(MasterKeyStore.create(dir.resolve("keys").resolve("master.p12"),
                Passphrase.of("node secret".toCharArray())));
        vaultDir = dir.resolve("vault");
    }

    private static Path copyResource(String resource, Path target) throws IOException {
        try (InputStream in = DatasetVaultTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target;
    }

    /** The plaintext the source files hold: sample id to the cells' text, in file order. */
    private Map<String, String[]> sourceCells() throws IOException {
        Map<String, String[]> cells = new HashMap<>();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(expression))) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",");
                cells.put(fields[0], java.util.Arrays.copyOfRange(fields, 1, fields.length));
            }
        }
        return cells;
    }

    @Test
    void importThenLoad_realSlice_roundTripsEveryValueExactly() throws IOException {
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);
        LocalDataset imported = vault.importCsv("all", expression, clinical);

        LocalDataset loaded = vault.load("all");

        assertThat(loaded.name()).isEqualTo("all");
        assertThat(loaded.expression().sampleIds()).isEqualTo(imported.expression().sampleIds()).hasSize(12);
        assertThat(loaded.expression().features()).isEqualTo(imported.expression().features()).hasSize(8);
        Map<String, String[]> source = sourceCells();
        for (String sample : loaded.expression().sampleIds()) {
            double[] row = loaded.expression().row(sample);
            String[] text = source.get(sample);
            for (int j = 0; j < row.length; j++) {
                assertThat(row[j]).as("%s %s", sample, loaded.expression().features().get(j))
                        .isEqualTo((double) Float.parseFloat(text[j]));
            }
        }
        assertThat(loaded.clinical().columns()).containsExactly("sex", "age", "BT", "relapse");
        assertThat(loaded.clinical().rowsBySample()).isEqualTo(imported.clinical().rowsBySample());
        assertThat(loaded.clinical().value("03002", "sex")).contains("F");
        assertThat(loaded.clinical().value("08011", "relapse")).contains("FALSE");
        assertThat(vault.names()).containsExactly("all");
    }

    @Test
    void importCsv_vaultDirectory_holdsNoPlaintextValueAsTextOrFloatBytes() throws IOException {
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);
        vault.importCsv("all", expression, clinical);
        Map<String, String[]> source = sourceCells();
        List<byte[]> needles = new ArrayList<>();
        for (String sample : List.of("01005", "04008", "08012")) {
            for (int j : new int[] {0, 3, 5, 7}) {
                String text = source.get(sample)[j];
                needles.add(text.getBytes(StandardCharsets.UTF_8));
                needles.add(ByteBuffer.allocate(4).putFloat(Float.parseFloat(text)).array()); // big-endian, as DataOutput writes
            }
            needles.add(sample.getBytes(StandardCharsets.UTF_8));
        }
        needles.add("1005_at".getBytes(StandardCharsets.UTF_8));

        List<Path> stored;
        try (Stream<Path> walk = Files.walk(vaultDir)) {
            stored = walk.filter(Files::isRegularFile).toList();
        }

        assertThat(stored).isNotEmpty();
        for (Path file : stored) {
            byte[] bytes = Files.readAllBytes(file);
            for (byte[] needle : needles) {
                assertThat(indexOf(bytes, needle)).as("%s contains %s", file.getFileName(), java.util.HexFormat.of().formatHex(needle))
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void plaintextScan_wouldFindFloatBytes_ifTheCodecWroteThemInTheClear() throws IOException {
        // guards the scan above: the unencrypted codec output does contain the needles
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);
        LocalDataset dataset = vault.importCsv("all", expression, clinical);
        var plain = new java.io.ByteArrayOutputStream();
        DatasetCodec.write(dataset, plain);
        String text = source("01005", 3);

        assertThat(indexOf(plain.toByteArray(), ByteBuffer.allocate(4).putFloat(Float.parseFloat(text)).array())).isNotNegative();
        assertThat(indexOf(plain.toByteArray(), "01005".getBytes(StandardCharsets.UTF_8))).isNotNegative();
    }

    private String source(String sample, int column) throws IOException {
        return sourceCells().get(sample)[column];
    }

    @Test
    void importCsv_badCsvUnderExistingName_leavesExistingDatasetUntouched() throws IOException {
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);
        LocalDataset original = vault.importCsv("all", expression, clinical);
        Path stored = vaultDir.resolve("all.dataset.enc");
        byte[] before = Files.readAllBytes(stored);
        Path bad = Files.writeString(dir.resolve("inputs").resolve("bad.csv"), "sample_id,1000_at\n01005,7.1\n01010,oops\n");

        assertThatThrownBy(() -> vault.importCsv("all", bad, clinical))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("bad.csv, line 3, column 1000_at: not a number");

        assertThat(Files.readAllBytes(stored)).isEqualTo(before);
        try (Stream<Path> listing = Files.list(vaultDir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("all.dataset.enc");
        }
        LocalDataset loaded = vault.load("all");
        assertThat(loaded.expression().features()).isEqualTo(original.expression().features());
        assertThat(loaded.expression().row("01010")).isEqualTo(original.expression().row("01010"));
    }

    @Test
    void importCsv_expressionSampleWithoutClinicalRow_refusedNamingClinicalFile() throws IOException {
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);
        Path partial = Files.writeString(dir.resolve("inputs").resolve("partial.csv"), "sample_id,sex\n01005,M\n");

        assertThatThrownBy(() -> vault.importCsv("all", expression, partial))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("partial.csv: ")
                .hasMessageContaining("11 expression samples have no clinical row");
        assertThat(vault.names()).isEmpty();
    }

    @Test
    void load_vaultOpenedWithAnotherNodeName_cannotDecrypt() throws IOException {
        new DatasetVault(vaultDir, "hospital-a", files).importCsv("all", expression, clinical);
        DatasetVault other = new DatasetVault(vaultDir, "hospital-b", files);

        assertThat(other.names()).containsExactly("all");
        assertThatThrownBy(() -> other.load("all")).isInstanceOf(IOException.class);
    }

    @Test
    void load_fileRenamedToAnotherDatasetName_cannotDecrypt() throws IOException {
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);
        vault.importCsv("all", expression, clinical);
        Files.copy(vaultDir.resolve("all.dataset.enc"), vaultDir.resolve("other.dataset.enc"));

        assertThatThrownBy(() -> vault.load("other")).isInstanceOf(IOException.class);
    }

    @Test
    void load_unknownOrInvalidName_refused() throws IOException {
        DatasetVault vault = new DatasetVault(vaultDir, "hospital-a", files);

        assertThatThrownBy(() -> vault.load("absent")).isInstanceOf(IOException.class).hasMessageContaining("no dataset named absent");
        assertThatThrownBy(() -> vault.load("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.importCsv("Bad Name", expression, clinical)).isInstanceOf(IllegalArgumentException.class);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
