package org.fedomics.consent.study;

import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A study as its rounds train it: the approved definition with its features narrowed to the
 * study's selection (if it declares one), and the consortium's standardization of those features
 * (if it uses one). The coordinator and every node derive it alike from the approved study and the
 * published statistics, so a node needs to trust no list of chosen features.
 */
public record TrainedStudy(StudyDefinition definition, Optional<FeatureStandardization> standardization) {

    /**
     * @param consortium the consortium's standardization of every candidate feature: present
     *     exactly when the study's plan uses consortium statistics
     */
    public static TrainedStudy of(StudyDefinition approved, Optional<FeatureStandardization> consortium) {
        StudyRequest request = approved.request();
        if (request.plan().usesConsortiumStatistics() != consortium.isPresent()) {
            throw new IllegalArgumentException(consortium.isPresent()
                    ? "the study standardizes each hospital's own records; a consortium standardization was given"
                    : "the study standardizes with the consortium's statistics, and none were given");
        }
        if (consortium.isPresent() && !consortium.get().fits(request)) {
            throw new IllegalArgumentException("a standardization of " + consortium.get().blocks() + " blocks x "
                    + consortium.get().features() + " features does not fit the study's " + request.plan().blocks() + " x "
                    + request.features().size());
        }
        if (request.featureSelection() == null) {
            return new TrainedStudy(approved, consortium);
        }
        int[] chosen = request.featureSelection().choose(consortium.get());
        StudyRequest narrowed = new StudyRequest(request.title(), request.use(), request.cohort(), request.outcome(),
                IntStream.of(chosen).mapToObj(request.features()::get).toList(), request.plan(), null, request.fairness());
        return new TrainedStudy(new StudyDefinition(approved.id(), approved.researcher(), narrowed),
                Optional.of(consortium.get().select(chosen)));
    }

    public StudyRequest request() {
        return definition.request();
    }
}
