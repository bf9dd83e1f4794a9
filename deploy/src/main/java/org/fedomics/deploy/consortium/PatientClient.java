package org.fedomics.deploy.consortium;

import io.vertx.core.Future;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.api.RedeemRequest;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.web.ApiClient;

/** What a patient's browser does against the consent API: open an account with a code, choose, read uses. */
public final class PatientClient {
    private final ApiClient api;

    public PatientClient(ApiClient api) {
        this.api = api;
    }

    public Future<NewAccount> redeem(String enrollmentCode, String passphrase) {
        return ApiClient.json(api.postJson("/api/v1/enrollments/redeem", new RedeemRequest(enrollmentCode, passphrase), Map.of()),
                NewAccount.class);
    }

    public Future<ConsentView> choose(PatientSession session, ConsentChoice choice) {
        return ApiClient.json(api.putJson("/api/v1/me/consent", choice, bearer(session)), ConsentView.class);
    }

    public Future<List<UseView>> uses(PatientSession session) {
        return ApiClient.json(api.get("/api/v1/me/uses", bearer(session), 30_000), UseView[].class).map(Arrays::asList);
    }

    private static Map<String, String> bearer(PatientSession session) {
        return Map.of("Authorization", "Bearer " + session.token());
    }
}
