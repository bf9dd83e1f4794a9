package org.fedomics.node.service;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.SignedSnapshot;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.ApiClient;

/** The node's outbound calls to the consent service, over mutual TLS with the node's certificate. */
public final class ConsentClient {
    private final ApiClient api;

    public ConsentClient(ApiClient api) {
        this.api = api;
    }

    public Future<EnrollmentBatch> enroll(int count) {
        return ApiClient.json(api.postJson("/node/v1/enrollments", new EnrollmentRequest(count), Map.of()), EnrollmentBatch.class);
    }

    public Future<String> snapshot(String studyId, int round, DeclaredUse use, List<String> pseudonyms) {
        return ApiClient.json(api.postJson("/node/v1/snapshots",
                new SnapshotRequest(studyId, round, use, pseudonyms), Map.of()), SignedSnapshot.class)
                .map(SignedSnapshot::jws);
    }

    public Future<Void> reportUse(String studyId, int round, List<String> pseudonyms) {
        return api.postJson("/node/v1/uses", new UseReport(studyId, round, pseudonyms), Map.of()).mapEmpty();
    }
}
