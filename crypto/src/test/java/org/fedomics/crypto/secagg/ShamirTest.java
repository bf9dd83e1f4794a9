package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirTest {

    /** Google SecAgg's known answer: shares made by its legacy Java code, t = 3 of 5, secret [0, 0, 0, 33]. */
    private static final int[][] KNOWN_SHARES = {
        {112, 207, 118, 46, 110, 212, 170, 28},
        {48, 160, 197, 172, 38, 235, 145, 204},
        {63, 115, 238, 144, 40, 68, 183, 71},
        {29, 72, 240, 207, 114, 224, 26, 141},
        {74, 31, 204, 116, 6, 189, 187, 136},
    };
    private static final byte[] KNOWN_SECRET = {0, 0, 0, 33};

    @Test
    void prime_isTwoToThe31PlusEleven() {
        assertThat(Shamir.PRIME).isEqualTo((1L << 31) + 11).isEqualTo(2_147_483_659L);
    }

    @Test
    void reconstruct_knownAnswerFromEveryThreeSubset_givesTheSecret() {
        List<int[]> subsets = subsets(5, 3);
        assertThat(subsets).hasSize(10);
        for (int[] subset : subsets) {
            byte[] secret = Shamir.reconstruct(3, xs(subset), shares(subset), 4);
            assertThat(secret).as("shares %s", Arrays.toString(subset)).containsExactly(KNOWN_SECRET);
        }
    }

    @Test
    void reconstruct_knownAnswerFromTwoShares_refusedAndNoLineThroughThemGivesTheSecret() {
        for (int[] pair : subsets(5, 2)) {
            assertThatThrownBy(() -> Shamir.reconstruct(3, xs(pair), shares(pair), 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 shares given, 3 needed");
            // treating two shares as if the threshold were 2 must not land on the secret either
            byte[] guess;
            try {
                guess = Shamir.reconstruct(2, xs(pair), shares(pair), 4);
            } catch (IllegalArgumentException e) {
                continue;
            }
            assertThat(guess).as("pair %s", Arrays.toString(pair)).isNotEqualTo(KNOWN_SECRET);
        }
    }

    @Test
    void split_knownAnswerLayout_twoPiecesOfFourBytesForAFourByteSecret() {
        assertThat(Shamir.shareLength(4)).isEqualTo(8);
        assertThat(Shamir.shareLength(32)).isEqualTo(36);
    }

    @Test
    void splitThenReconstruct_anyThresholdSubset_givesTheSecretBack() {
        SecureRandom random = TestConsortium.seeded(7);
        for (int trial = 0; trial < 50; trial++) {
            int parties = 2 + random.nextInt(12);
            int threshold = 2 + random.nextInt(parties - 1);
            byte[] secret = new byte[1 + random.nextInt(40)];
            random.nextBytes(secret);
            if (trial % 5 == 0) {
                Arrays.fill(secret, (byte) 0xFF);
            }
            int[] points = new int[parties];
            for (int i = 0; i < parties; i++) {
                points[i] = 1 + 3 * i + random.nextInt(3);
            }
            byte[][] all = Shamir.split(secret, threshold, points, random);
            int[] pick = random.ints(0, parties).distinct().limit(threshold).toArray();
            byte[][] chosen = Arrays.stream(pick).mapToObj(i -> all[i]).toArray(byte[][]::new);
            int[] chosenPoints = Arrays.stream(pick).map(i -> points[i]).toArray();
            assertThat(Shamir.reconstruct(threshold, chosenPoints, chosen, secret.length)).containsExactly(secret);
        }
    }

    @Test
    void split_thresholdMinusOneShares_areUniformIndependentOfTheSecret() {
        // with t = 2 a single share is the secret plus a uniform field element: its distribution
        // must not depend on the secret; compare the top bits of one share for two secrets
        SecureRandom random = TestConsortium.seeded(11);
        int[] points = {1, 2};
        int samples = 4000;
        long[] zeros = new long[8];
        long[] ones = new long[8];
        for (int i = 0; i < samples; i++) {
            zeros[Shamir.split(new byte[] {0}, 2, points, random)[0][0] >>> 5 & 7]++;
            ones[Shamir.split(new byte[] {(byte) 0xFF}, 2, points, random)[0][0] >>> 5 & 7]++;
        }
        // p is just above 2^31, so the top byte is almost always below 0x80: only buckets 0..3 fill
        assertThat(ChiSquare.twoSample(Arrays.copyOf(zeros, 4), Arrays.copyOf(ones, 4))).isLessThan(ChiSquare.critical(3));
    }

    @Test
    void reconstruct_badInput_refused() {
        byte[][] shares = shares(new int[] {0, 1, 2});
        assertThatThrownBy(() -> Shamir.reconstruct(3, new int[] {1, 1, 3}, shares, 4)).hasMessageContaining("repeated");
        assertThatThrownBy(() -> Shamir.reconstruct(3, new int[] {0, 2, 3}, shares, 4)).hasMessageContaining("out of range");
        byte[][] shortShare = {shares[0], shares[1], Arrays.copyOf(shares[2], 7)};
        assertThatThrownBy(() -> Shamir.reconstruct(3, new int[] {1, 2, 3}, shortShare, 4)).hasMessageContaining("7 bytes");
        byte[][] outOfField = {shares[0], shares[1], {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0}};
        assertThatThrownBy(() -> Shamir.reconstruct(3, new int[] {1, 2, 3}, outOfField, 4)).hasMessageContaining("outside the field");
        assertThatThrownBy(() -> Shamir.split(new byte[0], 2, new int[] {1, 2}, new SecureRandom())).hasMessageContaining("empty");
        assertThatThrownBy(() -> Shamir.split(new byte[4], 3, new int[] {1, 2}, new SecureRandom())).hasMessageContaining("threshold");
    }

    private static byte[][] shares(int[] indexes) {
        byte[][] out = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            int[] values = KNOWN_SHARES[indexes[i]];
            out[i] = new byte[values.length];
            for (int j = 0; j < values.length; j++) {
                out[i][j] = (byte) values[j];
            }
        }
        return out;
    }

    private static int[] xs(int[] indexes) {
        return Arrays.stream(indexes).map(i -> i + 1).toArray();
    }

    private static List<int[]> subsets(int n, int k) {
        List<int[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) == k) {
                int m = mask;
                out.add(java.util.stream.IntStream.range(0, n).filter(i -> (m >> i & 1) == 1).toArray());
            }
        }
        return out;
    }
}
