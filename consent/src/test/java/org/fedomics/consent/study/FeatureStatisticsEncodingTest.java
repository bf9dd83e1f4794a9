package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feature statistics in fixed point: the secure sum of the nodes' encodings decodes to the
 * consortium's sums, the standardization from it is the pooled mean and standard deviation, and no
 * input within the limits can make the sum wrap.
 */
class FeatureStatisticsEncodingTest {
    private static final int FOLDS = 2;
    private static final int BLOCKS = FOLDS + 1;
    private static final long MODULUS = 1L << FeatureStatisticsEncoding.MODULUS_BITS;
    private static final StudyRequest STUDY = new StudyRequest("t", new DeclaredUse("DUO:0000006", List.of(), false, true, false,
            "Test University", null), List.of(), new Outcome("relapse", "no", "yes"), List.of("g1", "g2"),
            new TrainingPlan(3, 1, 0.1, FOLDS, 1L, 1, 2));

    /** One record at a node: its cross-fitting fold and its two feature values. */
    private record Row(int fold, double g1, double g2) {
        double value(int feature) {
            return feature == 0 ? g1 : g2;
        }

        boolean inBlock(int block) {
            return block == FOLDS || fold != block;
        }
    }

    /** What a node computes: per block the count and the per-feature sums and sums of squares of its rows. */
    private static FeatureStatistics statisticsOf(List<Row> rows) {
        long[] counts = new long[BLOCKS];
        double[] sums = new double[BLOCKS * 2];
        double[] squares = new double[BLOCKS * 2];
        for (int b = 0; b < BLOCKS; b++) {
            for (Row row : rows) {
                if (row.inBlock(b)) {
                    counts[b]++;
                    for (int j = 0; j < 2; j++) {
                        sums[b * 2 + j] += row.value(j);
                        squares[b * 2 + j] += row.value(j) * row.value(j);
                    }
                }
            }
        }
        return new FeatureStatistics(BLOCKS, 2, counts, sums, squares);
    }

    /** What the coordinator gets: the element-wise sum mod 2^k of every node's encoding. */
    private static long[] secureSum(FeatureStatisticsEncoding encoding, List<FeatureStatistics> nodes) {
        long[] sum = new long[encoding.vectorLength()];
        for (FeatureStatistics node : nodes) {
            long[] encoded = encoding.encode(node);
            for (int i = 0; i < sum.length; i++) {
                assertThat(encoded[i]).isBetween(0L, MODULUS - 1);
                sum[i] = Math.floorMod(sum[i] + encoded[i], MODULUS);
            }
        }
        return sum;
    }

    private static List<Row> randomRows(Random random, int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Row(random.nextInt(FOLDS), 2 + 12 * random.nextDouble(), 6 + random.nextGaussian() * 0.2));
        }
        return rows;
    }

    @Test
    void standardization_ofTheSumOfThreeNodesEncodings_isThePooledMeanAndSampleSdPerBlock() {
        Random random = new Random(11);
        List<List<Row>> nodes = List.of(randomRows(random, 21), randomRows(random, 26), randomRows(random, 17));
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, 3);

        FeatureStandardization standardization = encoding.standardization(
                encoding.decode(secureSum(encoding, nodes.stream().map(FeatureStatisticsEncodingTest::statisticsOf).toList())));

        for (int b = 0; b < BLOCKS; b++) {
            for (int j = 0; j < 2; j++) {
                List<Double> pooled = new ArrayList<>();
                for (List<Row> node : nodes) {
                    for (Row row : node) {
                        if (row.inBlock(b)) {
                            pooled.add(row.value(j));
                        }
                    }
                }
                double mean = pooled.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double squares = pooled.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
                double sd = Math.sqrt(squares / (pooled.size() - 1));
                assertThat(standardization.means(b)[j]).as("block %d feature %d mean", b, j).isCloseTo(mean, within(1e-9));
                assertThat(standardization.sds(b)[j]).as("block %d feature %d sd", b, j).isCloseTo(sd, within(1e-5 * sd));
            }
        }
    }

    @Test
    void decode_ofTheSecureSum_isTheSumOfTheNodesStatistics_countsExactly() {
        Random random = new Random(5);
        List<FeatureStatistics> nodes = List.of(statisticsOf(randomRows(random, 9)), statisticsOf(randomRows(random, 14)));
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, 2);

        FeatureStatistics total = encoding.decode(secureSum(encoding, nodes));

        for (int b = 0; b < BLOCKS; b++) {
            assertThat(total.count(b)).isEqualTo(nodes.get(0).count(b) + nodes.get(1).count(b));
            for (int j = 0; j < 2; j++) {
                assertThat(total.sum(b, j)).isCloseTo(nodes.get(0).sum(b, j) + nodes.get(1).sum(b, j), within(1e-8));
                assertThat(total.sumOfSquares(b, j))
                        .isCloseTo(nodes.get(0).sumOfSquares(b, j) + nodes.get(1).sumOfSquares(b, j), within(1e-5));
            }
        }
    }

    @Test
    void standardization_constantFeature_sdIsZero() {
        // g1 is 7.3 everywhere (not a binary fraction, so its sums round); every row is in fold 1
        List<Row> a = List.of(new Row(1, 7.3, 1));
        List<Row> b = List.of(new Row(1, 7.3, 4), new Row(1, 7.3, 5));
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, 2);

        FeatureStandardization standardization = encoding.standardization(
                encoding.decode(secureSum(encoding, List.of(statisticsOf(a), statisticsOf(b)))));

        assertThat(standardization.sds(FOLDS)[0]).as("constant feature").isZero();
        assertThat(standardization.means(FOLDS)[0]).isCloseTo(7.3, within(1e-9));
        assertThat(standardization.sds(FOLDS)[1]).isCloseTo(Math.sqrt(13.0 / 3), within(1e-6));
        assertThat(standardization.sds(0)[0]).as("block 0 has the same rows").isZero();
        assertThat(standardization.means(1)).as("block 1 leaves out fold 1: no record").containsExactly(0.0, 0.0);
        assertThat(standardization.sds(1)).containsExactly(0.0, 0.0);
    }

    @Test
    void standardization_blockOfOneRecord_meanIsThatRecordAndSdZero() {
        List<Row> a = List.of(new Row(1, 3.25, -2), new Row(0, 9, 9));
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, 2);

        FeatureStandardization standardization = encoding.standardization(
                encoding.decode(secureSum(encoding, List.of(statisticsOf(a), statisticsOf(List.of())))));

        assertThat(standardization.means(0)).as("block 0: the fold-1 record only").containsExactly(3.25, -2);
        assertThat(standardization.sds(0)).containsExactly(0.0, 0.0);
        assertThat(standardization.sds(FOLDS)[0]).isCloseTo(Math.sqrt(2 * Math.pow(2.875, 2)), within(1e-6));
    }

    @Test
    void decode_everyNodeAtTheLimits_sumsExactlyWithoutWrapping() {
        long count = FeatureStatisticsEncoding.MAX_RECORDS - 1;
        double limit = FeatureStatisticsEncoding.VALUE_LIMIT;
        for (int nodes : new int[] {2, 3, 10, 1000}) {
            for (double sign : new double[] {1, -1}) {
                FeatureStatistics extreme = new FeatureStatistics(BLOCKS, 2, new long[] {count, count, count},
                        filled(sign * count * limit), filled(count * limit * limit));
                FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, nodes);

                FeatureStatistics total = encoding.decode(secureSum(encoding, java.util.Collections.nCopies(nodes, extreme)));

                assertThat(total.counts()).as("%d nodes", nodes).containsOnly(nodes * count);
                assertThat(total.sums()).as("%d nodes", nodes).containsOnly(nodes * sign * count * limit);
                assertThat(total.squares()).as("%d nodes", nodes).containsOnly(nodes * count * limit * limit);
            }
        }
    }

    private static double[] filled(double value) {
        double[] values = new double[BLOCKS * 2];
        java.util.Arrays.fill(values, value);
        return values;
    }

    @Test
    void encode_statisticsNoValueWithinTheLimitsCouldGive_refused() {
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, 3);
        long[] ones = {1, 1, 1};

        assertThatThrownBy(() -> encoding.encode(new FeatureStatistics(BLOCKS, 2, new long[] {1L << 20, 0, 0}, new double[6], new double[6])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than secure statistics can sum");
        assertThatThrownBy(() -> encoding.encode(new FeatureStatistics(BLOCKS, 2, ones, new double[] {1025, 0, 0, 0, 0, 0},
                filled(1)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block 0, feature 0");
        assertThatThrownBy(() -> encoding.encode(new FeatureStatistics(BLOCKS, 2, ones, new double[6],
                new double[] {0, 0, 0, 1024.0 * 1024 + 1, 0, 0}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("block 1, feature 1");
        assertThatThrownBy(() -> encoding.encode(new FeatureStatistics(BLOCKS, 2, ones, new double[6],
                new double[] {0, 0, 0, 0, -1, 0}))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block 2, feature 0");
        assertThatThrownBy(() -> encoding.encode(new FeatureStatistics(2, 2, new long[2], new double[4], new double[4])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit the study's 3 x 2");
        assertThatThrownBy(() -> encoding.decode(new long[encoding.vectorLength() + 1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardization_ofStatisticsOfAnotherShape_refused() {
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(STUDY, 3);

        assertThatThrownBy(() -> encoding.standardization(new FeatureStatistics(BLOCKS, 3, new long[3], new double[9], new double[9])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void featureStatistics_negativeCountsOrNonFiniteSums_refused() {
        assertThatThrownBy(() -> new FeatureStatistics(1, 1, new long[] {-1}, new double[1], new double[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new FeatureStatistics(1, 1, new long[] {1}, new double[] {Double.NaN}, new double[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> new FeatureStatistics(1, 2, new long[] {1}, new double[1], new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    }
}
