package org.fedomics.coordinator.release;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.ParameterDigest;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.coordinator.fairness.FairnessReport;
import org.fedomics.coordinator.study.RoundSummary;
import org.fedomics.crypto.dp.PrivacySpend;
import org.fedomics.crypto.token.ArtifactSigner;

/**
 * Builds a study's release manifest and signs it with the coordinator's key. Every study's rounds
 * are securely aggregated (the coordinator has no other path), so the manifest says so; its privacy
 * spend is what the study's plan implies for the rounds run (every node runs the same DP-SGD steps).
 */
public final class ReleaseSigner {
    public static final String TYPE = "fedomics-release+jws";
    /** The privacy mechanism of a study with a record-level privacy plan, as the manifest names it. */
    public static final String RECORD_LEVEL_DP = "record-level DP-SGD (Poisson-subsampled Gaussian, RDP accountant)";
    private final ArtifactSigner signer;
    private final Clock clock;
    private final String softwareVersion;

    public ReleaseSigner(ArtifactSigner signer, Clock clock, String softwareVersion) {
        this.signer = signer;
        this.clock = clock;
        this.softwareVersion = softwareVersion;
    }

    /**
     * @param standardization the consortium's standardization the model reads its inputs with, or
     *     empty when each hospital standardized with its own statistics
     * @param fairness the study's fairness audit, or empty when it declares none
     */
    public SignedRelease release(StudyDefinition study, ParameterBlocks model, Optional<FeatureStandardization> standardization,
                                 Optional<FairnessReport> fairness, List<String> hospitals, List<RoundSummary> rounds, String strategy) {
        var request = study.request();
        long lastRecords = rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).recordsTrained();
        Optional<PrivacySpend> spent = request.plan().plannedSpend(rounds.size());
        ReleaseManifest manifest = new ReleaseManifest(study.id(), request.title(), study.researcher(),
                request.use().purpose(), request.use().diseaseIds(), rounds.size(), hospitals, lastRecords, strategy,
                true, spent.isPresent() ? RECORD_LEVEL_DP : "none", spent.map(PrivacySpend::epsilon).orElse(null),
                spent.map(PrivacySpend::delta).orElse(null), ParameterDigest.sha256(model), "fedomics-parameter-blocks/1",
                request.plan().folds(), request.plan().finalBlock(), request.outcome().labels(), request.features().size(),
                ParameterDigest.sha256(String.join("\n", request.features()).getBytes(StandardCharsets.UTF_8)),
                standardization.isPresent() ? ReleaseManifest.CONSORTIUM_STANDARDIZATION : ReleaseManifest.SITE_STANDARDIZATION,
                standardization.map(FeatureStandardization::sha256).orElse(null), fairness.orElse(null), softwareVersion,
                clock.instant().toString());
        return new SignedRelease(manifest, signer.sign(StrictJson.write(manifest), TYPE));
    }
}
