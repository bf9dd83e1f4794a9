package org.fedomics.crypto.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PoissonSamplingTest {

    @Test
    void sample_eachRecordJoinsWithProbabilityQ() {
        PoissonSampling sampling = new PoissonSampling(new SecureRandom());
        int population = 50;
        int batches = 4000;
        int[] joined = new int[population];
        for (int b = 0; b < batches; b++) {
            for (int i : sampling.sample(population, 0.2)) {
                joined[i]++;
            }
        }
        double total = 0;
        for (int count : joined) {
            total += count;
            // each record: binomial(4000, 0.2), sd about 25
            assertThat((double) count).isCloseTo(800, within(6 * Math.sqrt(batches * 0.2 * 0.8)));
        }
        assertThat(total / batches).isCloseTo(10, within(5 * Math.sqrt(population * 0.2 * 0.8 / batches)));
    }

    @Test
    void sample_indicesIncreasingAndWithinThePopulation() {
        int[] batch = new PoissonSampling(InsecureSeededRandom.of(4)).sample(1000, 0.5);

        assertThat(batch).isSorted();
        assertThat(java.util.Arrays.stream(batch).boxed()).allSatisfy(i -> assertThat(i).isBetween(0, 999));
        assertThat(batch).doesNotHaveDuplicates();
    }

    @Test
    void sample_rateZeroTakesNobody_rateOneEverybody() {
        PoissonSampling sampling = new PoissonSampling(new SecureRandom());

        assertThat(sampling.sample(100, 0)).isEmpty();
        assertThat(sampling.sample(5, 1)).containsExactly(0, 1, 2, 3, 4);
        assertThat(sampling.sample(0, 0.5)).isEmpty();
    }

    @Test
    void sample_badArguments_refused() {
        PoissonSampling sampling = new PoissonSampling(new SecureRandom());

        assertThatThrownBy(() -> sampling.sample(-1, 0.5)).hasMessageContaining("population");
        assertThatThrownBy(() -> sampling.sample(10, 1.5)).hasMessageContaining("q");
        assertThatThrownBy(() -> sampling.sample(10, Double.NaN)).hasMessageContaining("q");
    }
}
