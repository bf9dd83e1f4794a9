package org.fedomics.coordinator.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fedomics.consent.web.StrictJson;
import org.junit.jupiter.api.Test;

/** Which counts an audit publishes: no count below 5, and none from which one below 5 can be worked out. */
class SmallCellsTest {

    private static String shown(PublishedCount[] column) {
        StringBuilder out = new StringBuilder();
        for (PublishedCount count : column) {
            out.append(out.length() == 0 ? "" : " ").append(count);
        }
        return out.toString();
    }

    @Test
    void publish_everyCountAtLeastTheMinimum_allExact() {
        PublishedCount[][] out = SmallCells.publish(new long[][] {{12, 10}, {6, 5}, {6, 5}}, 5);

        assertThat(shown(out[SmallCells.RECORDS])).isEqualTo("12 10");
        assertThat(shown(out[SmallCells.POSITIVES])).isEqualTo("6 5");
        assertThat(shown(out[SmallCells.NEGATIVES])).isEqualTo("6 5");
    }

    @Test
    void publish_oneSmallGroup_itAndTheSmallestOtherAreWithheld_sinceTheTotalIsKnown() {
        PublishedCount[][] out = SmallCells.publish(new long[][] {{40, 20, 3}, {20, 10, 1}, {20, 10, 2}}, 5);

        assertThat(shown(out[SmallCells.RECORDS])).isEqualTo("40 >=5 <5");
        assertThat(shown(out[SmallCells.POSITIVES])).isEqualTo("20 >=5 <5");
        assertThat(shown(out[SmallCells.NEGATIVES])).isEqualTo("20 >=5 <5");
    }

    @Test
    void publish_fewNegativesInALargeGroup_itsPositivesAreWithheldToo() {
        PublishedCount[][] out = SmallCells.publish(new long[][] {{22, 30, 25}, {19, 15, 12}, {3, 15, 13}}, 5);

        assertThat(shown(out[SmallCells.RECORDS])).isEqualTo("22 30 25");
        // group 0's negatives are 3: its positives (22 - 3) would give them away; then the smallest other positives (group 2's 12), and its negatives with them
        assertThat(shown(out[SmallCells.POSITIVES])).isEqualTo(">=5 15 >=5");
        assertThat(shown(out[SmallCells.NEGATIVES])).isEqualTo("<5 15 >=5");
    }

    @Test
    void publish_emptyGroup_zeroPublished_andNothingElseWithheldForIt() {
        PublishedCount[][] out = SmallCells.publish(new long[][] {{20, 20, 0}, {10, 10, 0}, {10, 10, 0}}, 5);

        assertThat(shown(out[SmallCells.RECORDS])).isEqualTo("20 20 0");
    }

    @Test
    void publish_twoSmallGroups_noFurtherGroupWithheld() {
        PublishedCount[][] out = SmallCells.publish(new long[][] {{40, 2, 3}, {20, 1, 1}, {20, 1, 2}}, 5);

        assertThat(shown(out[SmallCells.RECORDS])).isEqualTo("40 <5 <5");
        assertThat(shown(out[SmallCells.POSITIVES])).isEqualTo("20 <5 <5");
    }

    @Test
    void publishedCount_jsonIsANumberOrTheWithheldText_andReadsBack() {
        assertThat(StrictJson.writeString(new PublishedCount[] {PublishedCount.exact(12), PublishedCount.below(5), PublishedCount.atLeast(5)}))
                .isEqualTo("[12,\"<5\",\">=5\"]");
        assertThat(StrictJson.readTrusted("[12,\"<5\",\">=5\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8), PublishedCount[].class))
                .containsExactly(PublishedCount.exact(12), PublishedCount.below(5), PublishedCount.atLeast(5));
        assertThatThrownBy(() -> new PublishedCount(3L, "<5")).hasMessageContaining("either");
        assertThatThrownBy(() -> new PublishedCount(null, "three")).hasMessageContaining("<N");
        assertThatThrownBy(() -> PublishedCount.exact(-1)).hasMessageContaining("negative");
    }
}
