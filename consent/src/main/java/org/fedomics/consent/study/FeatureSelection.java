package org.fedomics.consent.study;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which of a study's candidate features its rounds train on: the {@code mostVariable} candidates
 * with the largest consortium-wide standard deviation, chosen after the secure sum of every node's
 * feature statistics, so that no hospital reveals its own variances. The choice uses no outcome
 * label, so making it on all training records (the final block's statistics) leaks no held-out
 * fold's labels into the cross-fitted evaluation.
 */
public record FeatureSelection(int mostVariable) {

    public FeatureSelection {
        if (mostVariable < 1) {
            throw new IllegalArgumentException("featureSelection: mostVariable must be at least 1, got " + mostVariable);
        }
    }

    /**
     * The chosen candidates' indices in the study's order: the {@code mostVariable} largest standard
     * deviations of the final block (every training record), ties going to the earlier candidate.
     */
    public int[] choose(FeatureStandardization consortium) {
        if (mostVariable > consortium.features()) {
            throw new IllegalArgumentException("featureSelection: cannot keep " + mostVariable + " of "
                    + consortium.features() + " features");
        }
        double[] sds = consortium.sds(consortium.blocks() - 1);
        return IntStream.range(0, sds.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> sds[i]).reversed().thenComparing(i -> i))
                .limit(mostVariable)
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
    }
}
