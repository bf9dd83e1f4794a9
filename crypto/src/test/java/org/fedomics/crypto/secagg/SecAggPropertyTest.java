package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sessions: 3 to 30 nodes, any threshold the config allows, any modulus, random inputs
 * and nodes dropping before any stage. Whenever every stage keeps at least threshold nodes the
 * coordinator's result is exactly the sum mod 2^k of the inputs of the nodes that delivered a
 * masked input; otherwise the stage that fell short fails and the coordinator gets no sum.
 */
class SecAggPropertyTest {

    /** One random session. {@code dropStage} per node: 0 = stays, 1..4 = never sends that stage or later. */
    record Scenario(int nodes, int threshold, int vectorLength, int modulusBits, List<Integer> dropStage, long inputSeed) {
        @Override
        public String toString() {
            return "n=" + nodes + " t=" + threshold + " m=" + vectorLength + " k=" + modulusBits + " drops=" + dropStage
                    + " inputSeed=" + inputSeed;
        }
    }

    @Property(tries = 60, seed = "20261104")
    void sum_withRandomInputsAndDropouts_isExactSumOfSurvivorsOrNothing(@ForAll("scenarios") Scenario scenario) {
        SecAggConfig config = TestConsortium.config("property/seed-" + scenario.inputSeed(), scenario.nodes(), scenario.threshold(),
                scenario.vectorLength(), scenario.modulusBits());
        Map<String, long[]> inputs = inputs(config, scenario.inputSeed());
        Map<String, Stage> dropBefore = new HashMap<>();
        for (int i = 0; i < scenario.nodes(); i++) {
            int stage = scenario.dropStage().get(i);
            if (stage > 0) {
                dropBefore.put(config.roster().get(i), Stage.values()[stage - 1]);
            }
        }
        SessionDriver driver = new SessionDriver(config, TestConsortium.seeded(scenario.inputSeed()));

        SessionDriver.Outcome outcome = driver.run(inputs, dropBefore);

        Stage shortStage = null;
        Set<String> delivered = null;
        for (Stage stage : Stage.values()) {
            Set<String> active = new LinkedHashSet<>(driver.active(dropBefore, stage));
            if (stage == Stage.MASKED_INPUT) {
                delivered = active;
            }
            if (active.size() < scenario.threshold()) {
                shortStage = stage;
                break;
            }
        }
        String kind = shortStage != null ? "failed" : dropBefore.isEmpty() ? "sum, no dropout" : "sum after dropouts";
        Statistics.label("outcome").collect(kind);
        // the property must see every kind of outcome, or it proves little
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("sum after dropouts").percentage(p -> p >= 25);
            coverage.check("sum, no dropout").percentage(p -> p >= 10);
            coverage.check("failed").count(c -> c >= 3);
        });
        if (shortStage == null) {
            assertThat(outcome.failure()).as("no stage fell short").isNull();
            assertThat(outcome.sum()).containsExactly(SessionDriver.plainSum(config, inputs, delivered));
        } else {
            assertThat(outcome.sum()).isNull();
            assertThat(outcome.failure()).hasMessageStartingWith("secagg " + shortStage.label() + " at coordinator: only ");
            assertThatThrownBy(driver.coordinator::closeUnmasking).isInstanceOf(SecAggException.class)
                    .hasMessageContaining("failed earlier");
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> dropStage = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 4)));
        return Arbitraries.integers().between(3, 30).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(n / 2 + 1, n),
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(SecAggConfig.MIN_MODULUS_BITS, SecAggConfig.MAX_MODULUS_BITS),
                dropStage.list().ofSize(n),
                Arbitraries.longs())
                .as((t, m, k, drops, seed) -> new Scenario(n, t, m, k, drops, seed)));
    }

    private static Map<String, long[]> inputs(SecAggConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, long[]> inputs = new HashMap<>();
        for (String node : config.roster()) {
            inputs.put(node, random.longs(config.vectorLength()).map(v -> v & config.modulusMask()).toArray());
        }
        return inputs;
    }
}
