package org.fedomics.deploy.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** What a demo run writes to summary.json (field names as documented in the README). */
public record DemoSummary(
        String task,
        int hospitals,
        int rounds,
        @JsonProperty("records_total") int recordsTotal,
        @JsonProperty("records_used") int recordsUsed,
        @JsonProperty("records_excluded_by_consent") int recordsExcludedByConsent,
        @JsonProperty("per_hospital") Map<String, HospitalCounts> perHospital,
        Method federated,
        Method pooled,
        @JsonProperty("local_only") LocalOnly localOnly,
        @JsonProperty("secure_aggregation") boolean secureAggregation,
        Standardization standardization,
        Features features,
        Privacy privacy,
        Release release,
        Revocation revocation,
        @JsonProperty("wall_seconds") double wallSeconds) {

    public record HospitalCounts(int cohort, int used, @JsonProperty("excluded_by_consent") int excludedByConsent) {
    }

    public record Method(double auc, double accuracy) {
    }

    public record LocalOnly(double auc, double accuracy, @JsonProperty("per_hospital") Map<String, Method> perHospital) {
    }

    /**
     * How features were standardized: "consortium" (means and standard deviations from the secure
     * sum of {@code records} records' statistics before round 1, with the digest the release names)
     * or "per hospital" (record-level DP: each hospital's own statistics; records and digest null).
     */
    public record Standardization(String kind, Long records, String sha256) {
    }

    /**
     * The probe sets the study listed and those it trained on: all of them, or the {@code trained}
     * most variable across the consortium ("most variable", chosen from the secure sum of statistics).
     */
    public record Features(int candidates, int trained, String selection) {
    }

    /** The study's differential privacy: mechanism "none" with null epsilon and delta means no formal guarantee. */
    public record Privacy(String mechanism, Double epsilon, Double delta) {
    }

    public record Release(@JsonProperty("study_id") String studyId, @JsonProperty("model_sha256") String modelSha256,
                          @JsonProperty("signature_verified") boolean signatureVerified) {
    }

    public record Revocation(String hospital, @JsonProperty("before_round") int beforeRound,
                             @JsonProperty("used_in_later_rounds") boolean usedInLaterRounds) {
    }
}
