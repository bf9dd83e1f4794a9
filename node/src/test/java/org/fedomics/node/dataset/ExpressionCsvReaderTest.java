package org.fedomics.node.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The expression importer: every refusal names the file, the line and (where there is one) the column. */
class ExpressionCsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private ExpressionMatrix read(String name, String text) throws IOException {
        return new ExpressionCsvReader().read(write(name, text));
    }

    @Test
    void read_wellFormedCsv_keepsOrderAndValues() throws IOException {
        ExpressionMatrix m = read("expr.csv", "sample_id,g1,g2\nS1,1.5,-2\nS2,0.25,3e2\n");

        assertThat(m.sampleIds()).containsExactly("S1", "S2");
        assertThat(m.features()).containsExactly("g1", "g2");
        assertThat(m.row("S1")).containsExactly(1.5, -2.0);
        assertThat(m.row("S2")).containsExactly(0.25, 300.0);
    }

    @Test
    void read_duplicateSample_namesFileLineAndColumn() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1\nS1,1\nS2,2\nS1,3\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 4, column sample_id: duplicate sample id S1");
    }

    @Test
    void read_duplicateFeature_namesFileHeaderLineAndFeature() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2,g1\nS1,1,2,3\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 1, column g1: duplicate feature g1");
    }

    @Test
    void read_nonNumericCell_namesFileLineAndColumn() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\nS1,1,2\nS2,3,high\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 3, column g2: not a number");
    }

    @Test
    void read_emptyCell_saysItIsEmpty() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\nS1,,2\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 2, column g1: not a number (empty cell)");
    }

    @Test
    void read_nonFiniteCell_refused() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\nS1,1,NaN\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 2, column g2: not a finite number");
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\nS1,Infinity,1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 2, column g1: not a finite number");
    }

    @Test
    void read_raggedLine_namesFileAndLineWithFieldCounts() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\nS1,1,2\nS2,3\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 3: expected 3 fields as in the header, found 2");
    }

    @Test
    void read_blankLinesBeforeError_countedInLineNumber() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1\n\nS1,1\n\n\nS2,x\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 6, column g1: not a number");
    }

    @Test
    void read_quotedField_refusedRatherThanMisread() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\nS1,1,2\n\"S,2\",3,4\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 3: quoted fields are not supported; export without quotes");
    }

    @Test
    void read_headerOnly_refusedAsNoRows() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1,g2\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv: no sample rows");
    }

    @Test
    void read_emptyFile_refusedAsNoHeader() {
        assertThatThrownBy(() -> read("expr.csv", ""))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("expr.csv: no header");
    }

    @Test
    void read_emptySampleId_namesColumn() {
        assertThatThrownBy(() -> read("expr.csv", "sample_id,g1\n ,1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("expr.csv, line 2, column sample_id: empty sample id");
    }

    @Test
    void read_tsvExtension_splitsOnTabsNotCommas() throws IOException {
        ExpressionMatrix m = read("expr.tsv", "sample_id\tg,1\tg2\nS1\t1.5\t2\n");

        assertThat(m.features()).containsExactly("g,1", "g2");
        assertThat(m.row("S1")).containsExactly(1.5, 2.0);
    }

    @Test
    void read_gzipTsv_decompressedAndSplitOnTabs() throws IOException {
        Path file = dir.resolve("expr.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("sample_id\tg1\tg2\nS1\t1\t2\nS2\t3\t4\n".getBytes(StandardCharsets.UTF_8));
        }

        ExpressionMatrix m = new ExpressionCsvReader().read(file);

        assertThat(m.sampleIds()).containsExactly("S1", "S2");
        assertThat(m.row("S2")).containsExactly(3.0, 4.0);
    }

    @Test
    void read_bundledGzipSlice_readsEveryRealValue() throws IOException {
        Path file = dir.resolve("expression.csv.gz");
        try (InputStream in = getClass().getResourceAsStream("/all-leukemia-slice/expression.csv.gz")) {
            Files.copy(in, file);
        }

        ExpressionMatrix m = new ExpressionCsvReader().read(file);

        assertThat(m.sampleIds()).hasSize(12).startsWith("01005", "01010").endsWith("08012");
        assertThat(m.features()).containsExactly("1000_at", "1001_at", "1002_f_at", "1003_s_at", "1004_at",
                "1005_at", "1006_at", "1007_s_at");
        // first and last cells of the slice, as printed in the source file
        assertThat(m.row("01005")[0]).isEqualTo((double) 7.5973f);
        assertThat(m.row("08012")[7]).isEqualTo((double) 7.0419f);
        assertThat(m.row("01010")[5]).isEqualTo((double) 10.4283f);
    }

    @Test
    void read_gzipNamedFileThatIsNotGzip_failsWithIoError() throws IOException {
        Path file = write("expr.csv.gz", "sample_id,g1\nS1,1\n");

        assertThatThrownBy(() -> new ExpressionCsvReader().read(file)).isInstanceOf(IOException.class);
    }

    @Test
    void row_returnsCopy_matrixUnchanged() throws IOException {
        ExpressionMatrix m = read("expr.csv", "sample_id,g1\nS1,1\n");
        m.row("S1")[0] = 99;

        assertThat(m.row("S1")).containsExactly(1.0);
        assertThat(List.of(m.hasSample("S1"), m.hasSample("S9"))).containsExactly(true, false);
    }
}
