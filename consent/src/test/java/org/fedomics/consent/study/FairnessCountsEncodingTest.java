package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Fairness counts as secure aggregation sums them: whole numbers mod 2^32 that can never wrap. */
class FairnessCountsEncodingTest {
    private static final FairnessPlan PLAN = new FairnessPlan(List.of(FairnessPlanTest.SEX, FairnessPlanTest.AGE), 0.2, null, 4);
    private static final StudyRequest STUDY = new StudyRequest("t",
            new DeclaredUse("DUO:0000006", List.of(), false, true, false, "Test University", null), List.of(),
            new Outcome("relapse", "no", "yes"), List.of("g1"), new TrainingPlan(3, 1, 0.1, 2, 1L, 1, 2), null, PLAN);

    /** {@code records} records, all male, aged under 30, negative, scored in bin 1. */
    private static FairnessCounts counts(long records) {
        long[] cells = new long[PLAN.cells()];
        cells[PLAN.offset(0, 0, false, 1)] = records;
        cells[PLAN.offset(1, 0, false, 1)] = records;
        return new FairnessCounts(PLAN, cells);
    }

    @Test
    void encode_thenDecode_givesTheSameCounts() {
        long[] cells = new long[PLAN.cells()];
        cells[PLAN.offset(0, 1, true, 3)] = 2;
        cells[PLAN.offset(0, 2, false, 0)] = 1;
        cells[PLAN.offset(1, 2, true, 3)] = 2;
        cells[PLAN.offset(1, 3, false, 0)] = 1;
        FairnessCountsEncoding encoding = FairnessCountsEncoding.forStudy(STUDY, 3);

        long[] encoded = encoding.encode(new FairnessCounts(PLAN, cells));
        FairnessCounts decoded = encoding.decode(encoded);

        assertThat(encoded).containsExactly(cells);
        assertThat(decoded.count(0, 1, true, 3)).isEqualTo(2);
        assertThat(decoded.count(1, 3, false, 0)).isEqualTo(1);
        assertThat(decoded.records(0)).isEqualTo(3);
        assertThat(decoded.histogram(1, 2, true)).containsExactly(0, 0, 0, 2);
    }

    @Test
    void encode_twoToTheTwentyRecords_refusedSinceTheSumCouldWrap() {
        FairnessCountsEncoding encoding = FairnessCountsEncoding.forStudy(STUDY, 1000);

        assertThat(encoding.encode(counts((1L << 20) - 1))).isNotEmpty();
        assertThatThrownBy(() -> encoding.encode(counts(1L << 20))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than a secure sum");
    }

    @Test
    void encode_attributesCountingDifferentRecords_refused() {
        long[] cells = new long[PLAN.cells()];
        cells[PLAN.offset(0, 0, false, 1)] = 3;
        cells[PLAN.offset(1, 0, false, 1)] = 2;

        assertThatThrownBy(() -> FairnessCountsEncoding.forStudy(STUDY, 3).encode(new FairnessCounts(PLAN, cells)))
                .hasMessageContaining("inconsistent: sex counts 3 records, age 2");
    }

    @Test
    void encode_countsOfAnotherAudit_refused() {
        FairnessPlan other = new FairnessPlan(List.of(FairnessPlanTest.SEX, FairnessPlanTest.AGE), 0.1, null, 4);

        assertThatThrownBy(() -> FairnessCountsEncoding.forStudy(STUDY, 3).encode(new FairnessCounts(other, new long[PLAN.cells()])))
                .hasMessageContaining("not of this study's");
    }

    @Test
    void counts_negativeOrMisShaped_refused() {
        long[] negative = new long[PLAN.cells()];
        negative[5] = -1;

        assertThatThrownBy(() -> new FairnessCounts(PLAN, negative)).hasMessageContaining("count 5 is negative");
        assertThatThrownBy(() -> new FairnessCounts(PLAN, new long[3])).hasMessageContaining("do not fit");
    }

    @Test
    void decode_sumsNoHonestRosterProduces_refused() {
        FairnessCountsEncoding encoding = FairnessCountsEncoding.forStudy(STUDY, 2);
        long[] beyond = counts(0).toArray();
        beyond[PLAN.offset(0, 0, false, 1)] = 2 * ((1L << 20) - 1) + 1;
        beyond[PLAN.offset(1, 0, false, 1)] = 2 * ((1L << 20) - 1) + 1;
        long[] inconsistent = counts(4).toArray();
        inconsistent[PLAN.offset(1, 1, false, 1)] = 1;

        assertThatThrownBy(() -> encoding.decode(beyond)).hasMessageContaining("beyond what 2 nodes can count");
        assertThatThrownBy(() -> encoding.decode(inconsistent)).hasMessageContaining("inconsistent");
        assertThatThrownBy(() -> encoding.decode(new long[3])).hasMessageContaining("does not fit");
    }

    @Test
    void forStudy_withoutAnAudit_refused() {
        StudyRequest plain = new StudyRequest("t", STUDY.use(), List.of(), STUDY.outcome(), List.of("g1"), STUDY.plan());

        assertThatThrownBy(() -> FairnessCountsEncoding.forStudy(plain, 2)).hasMessageContaining("no fairness audit");
    }

    /** The largest roster's sum of the largest counts stays below 2^32, so mod 2^32 it is the exact sum. */
    @Property(tries = 200)
    void sumModuloTwoToThe32_ofEncodedCounts_isTheExactSum(@ForAll @IntRange(min = 2, max = 1000) int nodes,
                                                          @ForAll @LongRange(min = 0, max = (1L << 20) - 1) long perNode) {
        FairnessCountsEncoding encoding = FairnessCountsEncoding.forStudy(STUDY, nodes);
        long[] sum = new long[encoding.vectorLength()];
        long[] one = encoding.encode(counts(perNode));
        for (int n = 0; n < nodes; n++) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] = (sum[i] + one[i]) & 0xFFFF_FFFFL;
            }
        }

        assertThat(encoding.decode(sum).records(0)).isEqualTo(nodes * perNode);
    }
}
