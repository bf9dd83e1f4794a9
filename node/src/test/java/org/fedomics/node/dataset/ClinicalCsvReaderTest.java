package org.fedomics.node.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clinical importer: empty cells are missing values; structural errors name file, line and column. */
class ClinicalCsvReaderTest {
    @TempDir
    Path dir;

    private ClinicalTable read(String name, String text) throws IOException {
        return new ClinicalCsvReader().read(Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8));
    }

    @Test
    void read_emptyCell_isAbsentNotEmptyString() throws IOException {
        ClinicalTable t = read("clinical.csv", "sample_id,sex,age\nS1,F,\nS2, M ,40\n");

        assertThat(t.columns()).containsExactly("sex", "age");
        assertThat(t.sampleIds()).containsExactly("S1", "S2");
        assertThat(t.value("S1", "sex")).contains("F");
        assertThat(t.value("S1", "age")).isEmpty();
        assertThat(t.value("S2", "sex")).contains("M");
        assertThat(t.value("S9", "sex")).isEqualTo(Optional.empty());
    }

    @Test
    void read_duplicateSample_namesFileLineAndColumn() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id,sex\nS1,F\nS1,M\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("clinical.csv, line 3, column sample_id: duplicate sample id S1");
    }

    @Test
    void read_duplicateColumn_namesHeaderLineAndColumn() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id,sex,sex\nS1,F,F\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("clinical.csv, line 1, column sex: duplicate column sex");
    }

    @Test
    void read_raggedLine_namesFileAndLine() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id,sex,age\nS1,F,30\nS2,M,40,extra\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("clinical.csv, line 3: expected 3 fields as in the header, found 4");
    }

    @Test
    void read_quotedField_refused() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id,diagnosis\nS1,\"ALL, B-cell\"\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("clinical.csv, line 2: quoted fields are not supported; export without quotes");
    }

    @Test
    void read_emptySampleId_namesColumn() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id,sex\nS1,F\n,M\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("clinical.csv, line 3, column sample_id: empty sample id");
    }

    @Test
    void read_headerOnly_refusedAsNoRows() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id,sex,age\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage("clinical.csv: no sample rows");
    }

    @Test
    void read_noCovariateColumn_refused() {
        assertThatThrownBy(() -> read("clinical.csv", "sample_id\nS1\n"))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith("clinical.csv: no header");
    }

    @Test
    void read_tsvExtension_commasStayInsideValues() throws IOException {
        ClinicalTable t = read("clinical.tsv", "sample_id\tcytogenetics\nS1\tt(9;22),complex\n");

        assertThat(t.value("S1", "cytogenetics")).contains("t(9;22),complex");
    }
}
