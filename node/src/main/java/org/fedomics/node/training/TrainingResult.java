package org.fedomics.node.training;

import java.util.List;

/** What local training produced, and exactly which records it trained on. */
public record TrainingResult(ModelParameters parameters, List<String> trainedSampleIds) {
    public TrainingResult {
        trainedSampleIds = List.copyOf(trainedSampleIds);
    }
}
