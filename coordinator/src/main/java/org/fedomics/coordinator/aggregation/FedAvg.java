package org.fedomics.coordinator.aggregation;

import org.fedomics.consent.study.ParameterBlocks;

/**
 * Federated averaging (McMahan et al. 2017): each block of the next global model is the
 * record-weighted mean of the nodes' local parameters, i.e. the summed weighted parameters divided
 * by the summed counts. A block no node trained keeps its current value.
 */
public final class FedAvg implements AggregationStrategy {

    @Override
    public ParameterBlocks nextGlobal(ParameterBlocks currentGlobal, ParameterBlocks summedUpdate) {
        if (!currentGlobal.sameShape(summedUpdate)) {
            throw new IllegalArgumentException("the summed update's shape does not match the global model");
        }
        double[] next = currentGlobal.values();
        double[] sums = summedUpdate.values();
        int size = summedUpdate.blockSize();
        for (int b = 0; b < summedUpdate.blocks(); b++) {
            long count = summedUpdate.count(b);
            if (count == 0) {
                continue;
            }
            for (int i = b * size; i < (b + 1) * size; i++) {
                next[i] = sums[i] / count;
            }
        }
        return new ParameterBlocks(currentGlobal.blocks(), currentGlobal.rows(), currentGlobal.columns(),
                new long[currentGlobal.blocks()], next);
    }

    @Override
    public String name() {
        return "FedAvg";
    }
}
