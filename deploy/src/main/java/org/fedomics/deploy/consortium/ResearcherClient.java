package org.fedomics.deploy.consortium;

import io.vertx.core.Future;
import java.util.Map;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.web.ApiClient;
import org.fedomics.coordinator.release.SignedRelease;
import org.fedomics.coordinator.study.StudyStatus;

/** A researcher's calls to the coordinator's API, with their bearer token. */
public final class ResearcherClient {
    private final ApiClient api;
    private final Map<String, String> auth;

    public ResearcherClient(ApiClient api, String token) {
        this.api = api;
        this.auth = Map.of("Authorization", "Bearer " + token);
    }

    public Future<StudyStatus> submit(StudyRequest request) {
        return ApiClient.json(api.postJson("/api/v1/studies", request, auth), StudyStatus.class);
    }

    public Future<StudyStatus> status(String studyId) {
        return ApiClient.json(api.get("/api/v1/studies/" + studyId, auth, 30_000), StudyStatus.class);
    }

    public Future<SignedRelease> release(String studyId) {
        return ApiClient.json(api.get("/api/v1/studies/" + studyId + "/release", auth, 30_000), SignedRelease.class);
    }

    public Future<byte[]> model(String studyId) {
        return api.get("/api/v1/studies/" + studyId + "/release/model", auth, 60_000);
    }

    /** The consortium standardization a released model reads its inputs with (when its manifest names one). */
    public Future<byte[]> standardization(String studyId) {
        return api.get("/api/v1/studies/" + studyId + "/release/standardization", auth, 60_000);
    }
}
