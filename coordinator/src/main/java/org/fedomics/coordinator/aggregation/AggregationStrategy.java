package org.fedomics.coordinator.aggregation;

import org.fedomics.consent.study.ParameterBlocks;

/**
 * Turns the summed update of a round into the next global model. It sees only the sum (of the
 * nodes' count-weighted parameters and of their counts), never one node's update, so it works
 * unchanged when the sum comes from secure aggregation.
 */
public interface AggregationStrategy {
    ParameterBlocks nextGlobal(ParameterBlocks currentGlobal, ParameterBlocks summedUpdate);

    String name();
}
