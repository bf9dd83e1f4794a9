package org.fedomics.deploy.demo;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.PatientSession;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.study.TrainedStudy;
import org.fedomics.coordinator.release.ReleaseManifest;
import org.fedomics.coordinator.release.ReleaseVerifier;
import org.fedomics.coordinator.release.SignedRelease;
import org.fedomics.coordinator.service.RoundGate;
import org.fedomics.coordinator.study.StudyState;
import org.fedomics.coordinator.study.StudyStatus;
import org.fedomics.deploy.consortium.ConsortiumOptions;
import org.fedomics.deploy.consortium.LocalConsortium;
import org.fedomics.deploy.consortium.ResearcherClient;
import org.fedomics.node.dataset.LocalDataset;
import org.fedomics.node.evaluation.HeldOutScore;
import org.fedomics.node.round.RoundRecord;
import org.fedomics.node.service.NodeRuntime;
import org.fedomics.node.training.StudyCohort;

/**
 * The demo study, end to end: a consortium of three hospitals on loopback imports the bundled ALL
 * data (encrypted at rest), enrolls patients who record their consent, runs the T2 study with
 * FedAvg, releases it signed, and compares it with pooled and local-only references.
 */
public final class DemoRun {
    public static final List<String> HOSPITALS = List.of("hospital-a", "hospital-b", "hospital-c");
    private static final long SPLIT_SEED = 20041;
    private static final long CONSENT_SEED = 2026;
    private static final Duration STUDY_TIMEOUT = Duration.ofMinutes(10);
    private final DemoOptions options;
    private final Progress progress;
    private final Clock clock = Clock.systemUTC();

    public DemoRun(DemoOptions options, PrintStream out) {
        this.options = options;
        this.progress = new Progress(out, options.showProgress(), 7);
    }

    /** Everything the run measured, for the summary and for the benchmark. */
    public record Outcome(DemoSummary summary, StudyStatus study, Map<String, List<RoundRecord>> nodeRounds,
                          String revokedSampleId) {
    }

    public Outcome run() throws IOException, GeneralSecurityException, InterruptedException {
        long started = System.nanoTime();
        // the study first: a plan that cannot run (e.g. over its privacy budget) fails before anything starts
        StudyRequest request = DemoStudy.request(options.rounds(), options.localEpochs(), options.learningRate(),
                options.dpNoise(), options.dpEpsilonBudget(), options.genes());
        Path work = DemoDirectories.prepare(options.out());
        AtomicReference<Revoker> revoker = new AtomicReference<>();
        RoundGate gate = (studyId, round) -> round == 2 && revoker.get() != null ? revoker.get().revoke() : Future.succeededFuture();

        progress.step("Starting the consortium: consent service, coordinator, " + HOSPITALS.size() + " hospital nodes (mutual TLS 1.3)");
        try (LocalConsortium consortium = LocalConsortium.start(new ConsortiumOptions(work, HOSPITALS, options.consentPort(),
                options.coordinatorPort(), Duration.ofMinutes(2), gate), clock, Version.current())) {
            progress.note("patient portal (while the demo runs): " + consortium.portalUrl());

            progress.step("Hospitals import their share of the ALL dataset (stored encrypted with AES-GCM)");
            Map<String, LocalDataset> datasets = importData(consortium);

            progress.step("Patients enroll and record their consent with the consent service");
            Map<String, PatientSession> sessions = new LinkedHashMap<>();
            Map<String, DemoConsents.Kind> kinds = new LinkedHashMap<>();
            for (NodeRuntime node : consortium.nodes()) {
                Map<String, EnrollmentBatch.Entry> codes = node.enrollPatients("all").await();
                Map<String, DemoConsents.Kind> drawn = DemoConsents.draw(List.copyOf(codes.keySet()), CONSENT_SEED + node.name().hashCode());
                kinds.putAll(drawn);
                DemoConsents.record(consortium.patientBrowser(), codes, drawn).await().forEach(sessions::put);
            }

            Revoker chosen = Revoker.choose(consortium, request, datasets, kinds, sessions);
            revoker.set(chosen);
            progress.note(kinds.values().stream().filter(DemoConsents.Kind::permitsDemoStudy).count() + " of " + kinds.size()
                    + " patients permit the study; one of them (at " + chosen.hospital() + ") will revoke before round 2");

            progress.step("A researcher submits the study: " + DemoStudy.TASK + ", disease-specific research (DUO:0000007)");
            for (NodeRuntime node : consortium.nodes()) {
                node.participate("all").await();
            }
            ResearcherClient researcher = consortium.researcher("dr-chiaretti");
            StudyStatus submitted = researcher.submit(request).await();

            progress.step("Hospitals approve under their policy; consortium statistics, then rounds of FedAvg, on consented records only");
            StudyStatus finished = awaitRelease(researcher, submitted.id());
            if (finished.state() != StudyState.RELEASED) {
                throw new IOException("the study ended " + finished.state() + ": " + finished.reason());
            }

            progress.step("The researcher downloads the release and verifies the coordinator's signature");
            SignedRelease release = researcher.release(submitted.id()).await();
            byte[] model = researcher.model(submitted.id()).await();
            ReleaseVerifier verifier = new ReleaseVerifier(consortium.pki().coordinator().certificate());
            ReleaseManifest verified = verifier.verify(release, model);
            Optional<FeatureStandardization> standardization = verified.standardizationSha256() == null ? Optional.empty()
                    : Optional.of(verifier.verifyStandardization(verified, researcher.standardization(submitted.id()).await()));

            progress.step("Each hospital evaluates the released fold models on its held-out records; references are trained");
            StudyDefinition definition = new StudyDefinition(submitted.id(), "dr-chiaretti", request);
            Map<String, List<HeldOutScore>> scores = new LinkedHashMap<>();
            Map<String, List<RoundRecord>> nodeRounds = new LinkedHashMap<>();
            Map<String, RoundRecord> lastRounds = new LinkedHashMap<>();
            ParameterBlocks released = ParameterBlocks.decode(model);
            for (NodeRuntime node : consortium.nodes()) {
                scores.put(node.name(), node.agent().heldOutScores(definition, released));
                List<RoundRecord> rounds = node.agent().rounds(submitted.id());
                nodeRounds.put(node.name(), rounds);
                lastRounds.put(node.name(), rounds.stream().filter(r -> r.round() == request.plan().rounds()).findFirst().orElseThrow());
            }
            // the references train on what the federated rounds trained on: the same selected features, standardized alike
            TrainedStudy trained = TrainedStudy.of(definition, standardization);
            CrossFitReport.Result result = CrossFitReport.compute(trained, datasets, scores, lastRounds);
            double wall = (System.nanoTime() - started) / 1e9;
            DemoSummary summary = summarize(request, trained.request(), datasets, lastRounds, result, verified, finished,
                    chosen.usedAfterRevocation(nodeRounds), chosen, wall);
            return new Outcome(summary, finished, nodeRounds, chosen.sampleId());
        }
    }

    private Map<String, LocalDataset> importData(LocalConsortium consortium) throws IOException {
        Path exports = Files.createTempDirectory("fedomics-hospital-exports");
        try {
            Map<String, BundledData.HospitalExport> files = BundledData.exportForHospitals(exports, HOSPITALS, SPLIT_SEED);
            Map<String, LocalDataset> datasets = new LinkedHashMap<>();
            for (NodeRuntime node : consortium.nodes()) {
                var export = files.get(node.name());
                LocalDataset dataset = node.importDataset("all", export.expression(), export.clinical()).await();
                datasets.put(node.name(), dataset);
                progress.note(node.name() + ": " + dataset.expression().sampleIds().size() + " samples x "
                        + dataset.expression().features().size() + " probe sets imported");
            }
            return datasets;
        } finally {
            DemoDirectories.deleteRecursively(exports);
        }
    }

    private StudyStatus awaitRelease(ResearcherClient researcher, String studyId) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + STUDY_TIMEOUT.toNanos();
        try (Progress.Bar bar = progress.bar("Rounds", options.rounds())) {
            while (System.nanoTime() < deadline) {
                StudyStatus status = researcher.status(studyId).await();
                bar.stepTo(status.completedRounds());
                if (status.state().isFinal()) {
                    return status;
                }
                Thread.sleep(200);
            }
        }
        throw new IOException("the study did not finish within " + STUDY_TIMEOUT.toMinutes() + " minutes");
    }

    private static DemoSummary summarize(StudyRequest request, StudyRequest trainedStudy, Map<String, LocalDataset> datasets,
                                         Map<String, RoundRecord> lastRounds,
                                         CrossFitReport.Result result, ReleaseManifest release, StudyStatus study,
                                         boolean usedAfterRevocation, Revoker revoker, double wall) {
        Map<String, DemoSummary.HospitalCounts> counts = new LinkedHashMap<>();
        int total = 0;
        int used = 0;
        int excluded = 0;
        for (var entry : lastRounds.entrySet()) {
            RoundRecord last = entry.getValue();
            int cohort = StudyCohort.labelsOf(request, datasets.get(entry.getKey())).size();
            int trained = last.trainedPerBlock().isEmpty() ? 0 : last.trainedPerBlock().get(request.plan().finalBlock()).size();
            counts.put(entry.getKey(), new DemoSummary.HospitalCounts(cohort, trained, cohort - trained));
            total += cohort;
            used += trained;
            excluded += cohort - trained;
        }
        Map<String, DemoSummary.Method> local = new LinkedHashMap<>();
        result.localOnly().forEach((h, s) -> local.put(h, new DemoSummary.Method(s.auc(), s.accuracy())));
        return new DemoSummary(DemoStudy.TASK, datasets.size(), request.plan().rounds(), total, used, excluded, counts,
                new DemoSummary.Method(result.federated().auc(), result.federated().accuracy()),
                new DemoSummary.Method(result.pooled().auc(), result.pooled().accuracy()),
                new DemoSummary.LocalOnly(result.localOnlyMean().auc(), result.localOnlyMean().accuracy(), local),
                release.secureAggregation(),
                new DemoSummary.Standardization(release.standardization(),
                        study.statistics() == null ? null : study.statistics().recordsCounted(), release.standardizationSha256()),
                new DemoSummary.Features(request.features().size(), trainedStudy.features().size(),
                        request.featureSelection() == null ? "all" : "most variable"),
                new DemoSummary.Privacy(release.privacyMechanism(), release.epsilon(), release.delta()),
                release.fairness() == null ? null : DemoSummary.Fairness.of(release.fairness()),
                new DemoSummary.Release(release.studyId(), release.modelSha256(), true),
                new DemoSummary.Revocation(revoker.hospital(), 2, usedAfterRevocation), wall);
    }

    /** The patient who revokes: in the cohort, permitting the study, revoking everything before round 2. */
    record Revoker(String hospital, String sampleId, PatientSession session, LocalConsortium consortium) {
        static Revoker choose(LocalConsortium consortium, StudyRequest request, Map<String, LocalDataset> datasets,
                              Map<String, DemoConsents.Kind> kinds, Map<String, PatientSession> sessions) {
            for (var entry : datasets.entrySet()) {
                for (String sample : StudyCohort.labelsOf(request, entry.getValue()).keySet().stream().sorted().toList()) {
                    if (kinds.get(sample).permitsDemoStudy()) {
                        return new Revoker(entry.getKey(), sample, sessions.get(sample), consortium);
                    }
                }
            }
            throw new IllegalStateException("no patient in the cohort permits the study");
        }

        Future<Void> revoke() {
            return consortium.patientBrowser().choose(session, DemoConsents.revokeAll()).mapEmpty();
        }

        boolean usedAfterRevocation(Map<String, List<RoundRecord>> nodeRounds) {
            return nodeRounds.get(hospital).stream().filter(r -> r.round() >= 2).anyMatch(r -> r.allTrained().contains(sampleId));
        }
    }
}
