package org.fedomics.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiseaseHierarchyTest {
    private final DiseaseHierarchy bundled = DiseaseHierarchy.bundled();

    @Test
    void bundled_hasVersionAndDemoTerms() {
        assertThat(bundled.version()).isEqualTo("diseases-v1");
        assertThat(bundled.term("MONDO:0005059")).isEqualTo(new DiseaseTerm("MONDO:0005059", "leukemia"));
        assertThat(bundled.term("MONDO:0004967").label()).isEqualTo("acute lymphoblastic leukemia");
        assertThat(bundled.term("MONDO:0004992").label()).isEqualTo("cancer");
        assertThat(bundled.term("MONDO:0007254").label()).isEqualTo("breast cancer");
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @CsvSource({
            "MONDO:0004967, MONDO:0004992, true",
            "MONDO:0004967, MONDO:0005059, true",
            "MONDO:0004967, MONDO:0004967, true",
            "MONDO:0004992, MONDO:0004967, false",
            "MONDO:0005059, MONDO:0007254, false",
            "MONDO:0007254, MONDO:0004992, true",
    })
    void isSameOrDescendant_followsParents(String term, String ancestor, boolean expected) {
        assertThat(bundled.isSameOrDescendant(term, ancestor)).isEqualTo(expected);
    }

    @Test
    void term_unknown_namesTheId() {
        assertThatThrownBy(() -> bundled.term("MONDO:9999999")).hasMessageContaining("MONDO:9999999");
        assertThatThrownBy(() -> bundled.isSameOrDescendant("MONDO:0005059", "MONDO:9999999")).hasMessageContaining("MONDO:9999999");
    }

    @Test
    void read_severalParents_inheritsBothAncestries() throws Exception {
        DiseaseHierarchy h = read("version\tt\nid\tlabel\tparent_ids\nX:1\ta\t\nX:2\tb\t\nX:3\tc\tX:1|X:2\n");

        assertThat(h.isSameOrDescendant("X:3", "X:1")).isTrue();
        assertThat(h.isSameOrDescendant("X:3", "X:2")).isTrue();
        assertThat(h.isSameOrDescendant("X:1", "X:2")).isFalse();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "id\\tlabel\\tparent_ids\\n                             | expected 'version",
            "version\\tt\\nX:1\\ta\\t\\n                            | expected header",
            "version\\tt\\nid\\tlabel\\tparent_ids\\nX:2\\tb\\tX:1\\n | line 3, column parent_ids",
            "version\\tt\\nid\\tlabel\\tparent_ids\\nX:1\\ta\\t\\nX:1\\tb\\t\\n | line 4, column id",
            "version\\tt\\nid\\tlabel\\tparent_ids\\nX:1\\ta\\n        | line 3: expected 3",
            "version\\tt\\nid\\tlabel\\tparent_ids\\nbad\\ta\\t\\n      | line 3: id must be a CURIE",
    })
    void read_malformed_namesLine(String escaped, String expectedMessage) {
        String text = escaped.trim().replace("\\t", "\t").replace("\\n", "\n");

        assertThatThrownBy(() -> read(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(expectedMessage);
    }

    private static DiseaseHierarchy read(String text) throws Exception {
        return DiseaseHierarchy.read(new BufferedReader(new StringReader(text)), "test.tsv");
    }
}
