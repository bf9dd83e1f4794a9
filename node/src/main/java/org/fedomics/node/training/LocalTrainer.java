package org.fedomics.node.training;

import java.util.List;

/**
 * Trains the study's linear model on one block's records, starting from the global parameters,
 * and returns parameters of the same shape and meaning (Tribuo's layout) for FedAvg.
 */
public interface LocalTrainer {
    /**
     * @param seed           for randomness that may be reproducible (record order); a trainer
     *                       whose randomness protects privacy ignores it and draws from a secure source
     * @param provenanceNote names the run (round and block) in the trainer's provenance, if it keeps any
     */
    TrainingResult train(ModelParameters global, List<LabeledRecord> records, long seed, String provenanceNote);
}
