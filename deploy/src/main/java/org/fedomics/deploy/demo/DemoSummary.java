package org.fedomics.deploy.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.fedomics.coordinator.fairness.AttributeReport;
import org.fedomics.coordinator.fairness.FairnessReport;
import org.fedomics.coordinator.fairness.GroupReport;
import org.fedomics.coordinator.fairness.PublishedCount;

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
        Fairness fairness,
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

    /**
     * The study's fairness audit as its signed release states it (null when the study declares
     * none): whether it passed, the largest gap accepted, the largest gaps found, every group's line,
     * and why it failed.
     */
    public record Fairness(boolean passed, @JsonProperty("max_gap") double maxGap, List<String> criteria, Gaps gaps,
                           List<Group> groups, List<String> findings) {
        static Fairness of(FairnessReport report) {
            List<Group> groups = new java.util.ArrayList<>();
            for (AttributeReport attribute : report.attributes()) {
                for (GroupReport g : attribute.groups()) {
                    groups.add(new Group(attribute.column(), g.group(), g.records(), g.positives(), g.selectionRate(), g.accuracy(),
                            g.truePositiveRate(), g.falsePositiveRate(), g.auc(), g.note()));
                }
            }
            var gaps = report.gaps();
            return new Fairness(report.passed(), report.maxGap(), report.criteria().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList(),
                    new Gaps(gaps.demographicParity(), gaps.equalOpportunity(), gaps.equalizedOdds()), groups, report.findings());
        }
    }

    public record Gaps(@JsonProperty("demographic_parity") Double demographicParity,
                       @JsonProperty("equal_opportunity") Double equalOpportunity,
                       @JsonProperty("equalized_odds") Double equalizedOdds) {
    }

    /** One group's line: counts as published (a number, or "<5" / ">=5" where withheld), rates null where too few. */
    public record Group(String attribute, String group, PublishedCount records, PublishedCount positives,
                        @JsonProperty("selection_rate") Double selectionRate, Double accuracy,
                        @JsonProperty("true_positive_rate") Double truePositiveRate,
                        @JsonProperty("false_positive_rate") Double falsePositiveRate, Double auc, String note) {
    }

    public record Release(@JsonProperty("study_id") String studyId, @JsonProperty("model_sha256") String modelSha256,
                          @JsonProperty("signature_verified") boolean signatureVerified) {
    }

    public record Revocation(String hospital, @JsonProperty("before_round") int beforeRound,
                             @JsonProperty("used_in_later_rounds") boolean usedInLaterRounds) {
    }
}
