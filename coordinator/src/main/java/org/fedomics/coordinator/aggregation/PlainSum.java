package org.fedomics.coordinator.aggregation;

import java.util.Collection;
import org.fedomics.consent.study.ParameterBlocks;

/**
 * Adds node updates in the clear. INSECURE: the coordinator sees every node's update. It is the
 * path until secure aggregation lands, and then stays only as the named baseline for benchmarks.
 */
public final class PlainSum {
    private PlainSum() {
    }

    public static ParameterBlocks of(Collection<ParameterBlocks> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("nothing to sum");
        }
        ParameterBlocks first = updates.iterator().next();
        long[] counts = new long[first.blocks()];
        double[] values = new double[first.values().length];
        for (ParameterBlocks update : updates) {
            if (!update.sameShape(first)) {
                throw new IllegalArgumentException("updates of different shapes cannot be summed");
            }
            long[] c = update.counts();
            for (int b = 0; b < counts.length; b++) {
                counts[b] += c[b];
            }
            double[] v = update.values();
            for (int i = 0; i < values.length; i++) {
                values[i] += v[i];
            }
        }
        return new ParameterBlocks(first.blocks(), first.rows(), first.columns(), counts, values);
    }
}
