package org.fedomics.node.service;

import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.web.ApiClient;

/** The node's outbound calls to the coordinator, over mutual TLS with the node's certificate. */
public final class CoordinatorClient {
    private final ApiClient api;

    public CoordinatorClient(ApiClient api) {
        this.api = api;
    }

    public Future<List<NodeTask>> poll(int waitSeconds) {
        return ApiClient.json(api.get("/node/v1/tasks?waitSeconds=" + waitSeconds, Map.of(), (waitSeconds + 15) * 1000L),
                NodeTask[].class).map(Arrays::asList);
    }

    public Future<Void> decide(String studyId, StudyDecision decision) {
        return api.postJson("/node/v1/studies/" + studyId + "/decision", decision, Map.of()).mapEmpty();
    }

    public Future<ParameterBlocks> global(String studyId, int round) {
        return api.get("/node/v1/studies/" + studyId + "/rounds/" + round + "/global", Map.of(), 60_000)
                .map(ParameterBlocks::decode);
    }

    /** The consortium's standardization of a study, once its statistics were summed. */
    public Future<FeatureStandardization> standardization(String studyId) {
        return api.get("/node/v1/studies/" + studyId + "/standardization", Map.of(), 60_000).map(FeatureStandardization::decode);
    }

    /** This node's answer to a step of a secure aggregation: the statistics (round 0) or a round. */
    public Future<Void> secureAggregation(String studyId, int round, SecAggStep.Stage stage, byte[] answer) {
        return api.postBytes("/node/v1/studies/" + studyId + "/rounds/" + round + "/secagg/" + stage.path(), answer, Map.of())
                .mapEmpty();
    }
}
