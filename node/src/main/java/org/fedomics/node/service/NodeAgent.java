package org.fedomics.node.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.TrainedStudy;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.node.dataset.LocalDataset;
import org.fedomics.node.dataset.PatientRegistry;
import org.fedomics.node.evaluation.FairnessTally;
import org.fedomics.node.evaluation.HeldOutScore;
import org.fedomics.node.governance.StewardPolicy;
import org.fedomics.node.round.PermittedRecords;
import org.fedomics.node.round.RoundAdmission;
import org.fedomics.node.round.RoundRecord;
import org.fedomics.node.round.SnapshotCheck;
import org.fedomics.node.training.BlockStandardization;
import org.fedomics.node.training.BlockTraining;
import org.fedomics.node.training.CohortMember;
import org.fedomics.node.training.FeatureAlignment;
import org.fedomics.node.training.LocalStatistics;
import org.fedomics.node.training.LocalTraining;
import org.fedomics.node.training.ModelParameters;
import org.fedomics.node.training.RoundTrainer;
import org.fedomics.node.training.Standardizer;
import org.fedomics.node.training.StudyCohort;
import org.fedomics.node.training.StudyDomain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's participation in studies. It dials out to the coordinator and long-polls for tasks
 * (nothing dials into a hospital) and decides on studies under the steward's policy. Before round
 * 1 of a study that uses consortium statistics it fetches and checks a signed consent snapshot,
 * sums its permitted records' feature values and squares per parameter block, reports the use to
 * the consent ledger (as round 0) and adds them to the consortium's in a secure aggregation. For
 * each round: fetches the global model (and, once, the consortium's standardization), fetches and
 * checks a signed consent snapshot, trains on the permitted records only, reports the use to the
 * consent ledger, and takes part in the round's secure aggregation. After the last round of a
 * study that declares a fairness audit: fetches the final model and a fresh consent snapshot,
 * scores each permitted record with the fold model that never trained on it, counts the scores per
 * protected group and true label, reports the use, and adds the counts to the consortium's in a
 * secure aggregation. Its statistics, parameters and counts leave only masked (never data, a Tribuo
 * model, its own feature statistics, an unmasked update or its own counts).
 */
public final class NodeAgent {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final int POLL_SECONDS = 20;
    private final Vertx vertx;
    private final String name;
    private final LocalDataset dataset;
    private final PatientRegistry patients;
    private final StewardPolicy policy;
    private final CoordinatorClient coordinator;
    private final ConsentClient consent;
    private final SnapshotCheck snapshots;
    private final Map<String, List<RoundRecord>> rounds = new ConcurrentHashMap<>();
    private final Map<String, LastTraining> lastTraining = new ConcurrentHashMap<>();
    private final Map<String, TrainedStudy> trainedStudies = new ConcurrentHashMap<>();
    private final Map<String, SecureUpload> uploads = new ConcurrentHashMap<>();
    private final RoundAdmission admission = new RoundAdmission();
    private final Credential identity;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean running;

    public NodeAgent(Vertx vertx, Credential identity, LocalDataset dataset, PatientRegistry patients, StewardPolicy policy,
                     CoordinatorClient coordinator, ConsentClient consent, SnapshotCheck snapshots) {
        this.vertx = vertx;
        this.identity = identity;
        this.name = identity.identity().name();
        this.dataset = dataset;
        this.patients = patients;
        this.policy = policy;
        this.coordinator = coordinator;
        this.consent = consent;
        this.snapshots = snapshots;
    }

    public void start() {
        running = true;
        pollLoop();
    }

    public void stop() {
        running = false;
    }

    /** What this node did in each round of a study (kept at the node; never sent). */
    public List<RoundRecord> rounds(String studyId) {
        return List.copyOf(rounds.getOrDefault(studyId, List.of()));
    }

    private void pollLoop() {
        if (!running) {
            return;
        }
        coordinator.poll(POLL_SECONDS)
                .compose(this::handleAll)
                .onComplete(done -> {
                    if (done.failed() && running) {
                        LOG.warn("node {}: {}; polling again in 1 s", name, done.cause().getMessage());
                        vertx.setTimer(1000, id -> pollLoop());
                    } else {
                        pollLoop();
                    }
                });
    }

    private Future<Void> handleAll(List<NodeTask> tasks) {
        Future<Void> chain = Future.succeededFuture();
        for (NodeTask task : tasks) {
            chain = chain.compose(v -> handle(task).recover(e -> {
                LOG.warn("node {}: task {} for study {} failed: {}", name, task.kind(), task.studyId(), e.getMessage());
                return Future.succeededFuture();
            }));
        }
        return chain;
    }

    private Future<Void> handle(NodeTask task) {
        return switch (task.kind()) {
            case DECIDE -> coordinator.decide(task.studyId(), decide(task.study()));
            case STATISTICS -> runStatistics(task.study(), task.step());
            case ROUND -> runRound(task.study(), task.round(), task.step());
            case AUDIT -> runAudit(task.study(), task.step());
            case SECAGG -> secureAggregationStep(task);
            case ENDED -> {
                uploads.remove(task.studyId());
                trainedStudies.remove(task.studyId());
                LOG.info("node {}: study {} ended", name, task.studyId());
                yield Future.succeededFuture();
            }
        };
    }

    private StudyDecision decide(StudyDefinition study) {
        FeatureAlignment rows;
        try {
            rows = FeatureAlignment.of(dataset.expression(), study.request().features());
        } catch (IllegalArgumentException e) {
            return new StudyDecision(false, "this hospital cannot take part: " + e.getMessage());
        }
        List<CohortMember> cohort = StudyCohort.select(study.request(), dataset, patients);
        if (study.request().plan().usesConsortiumStatistics()) {
            Optional<String> outOfRange = LocalStatistics.outOfRange(rows, cohort, study.request().features());
            if (outOfRange.isPresent()) {
                return new StudyDecision(false, "this hospital cannot take part: " + outOfRange.get());
            }
        }
        StudyDecision decision = policy.decide(study, cohort.size());
        LOG.info("node {}: study {} {}", name, study.id(), decision.approved() ? "approved" : "refused");
        if (decision.approved()) {
            admission.approve(study);
        }
        return decision;
    }

    private Future<Void> runRound(StudyDefinition study, int round, SecAggStep opening) {
        var refusal = admission.admit(study, round);
        if (refusal.isPresent()) {
            return Future.failedFuture(new IllegalArgumentException(refusal.get()));
        }
        return inputsFor(study, round).compose(in -> vertx.executeBlocking(
                        () -> train(in.trained(), round, in.cohort(), in.model(), in.snapshot()))
                .compose(prepared -> send(in.trained().definition(), round, opening, prepared)));
    }

    /** What a round or the audit works from: the cohort, the global model, the study as trained, and a fresh consent snapshot. */
    private record Inputs(List<CohortMember> cohort, ParameterBlocks model, TrainedStudy trained, String snapshot) {
    }

    private Future<Inputs> inputsFor(StudyDefinition study, int round) {
        List<CohortMember> cohort = StudyCohort.select(study.request(), dataset, patients);
        List<String> pseudonyms = cohort.stream().map(CohortMember::pseudonym).toList();
        Future<ParameterBlocks> model = coordinator.global(study.id(), round);
        Future<TrainedStudy> trained = trainedStudy(study);
        Future<String> snapshot = consent.snapshot(study.id(), round, study.request().use(), pseudonyms);
        return Future.all(model, trained, snapshot).map(all -> new Inputs(cohort, model.result(), trained.result(), snapshot.result()));
    }

    /**
     * The study as its rounds train it, derived here from the approved study and, when it uses
     * them, the consortium's statistics: fetched once per study, so the coordinator cannot change
     * them (nor the features they select) between rounds.
     */
    private Future<TrainedStudy> trainedStudy(StudyDefinition study) {
        TrainedStudy known = trainedStudies.get(study.id());
        if (known != null) {
            return Future.succeededFuture(known);
        }
        Future<Optional<FeatureStandardization>> consortium = study.request().plan().usesConsortiumStatistics()
                ? coordinator.standardization(study.id()).map(Optional::of) : Future.succeededFuture(Optional.empty());
        return consortium.map(s -> trainedStudies.computeIfAbsent(study.id(), id -> TrainedStudy.of(study, s)));
    }

    /** Off the event loop: check consent, then train the permitted records. */
    private Prepared train(TrainedStudy study, int round, List<CohortMember> cohort, ParameterBlocks global,
                           String signedSnapshot) throws GeneralSecurityException {
        StudyDefinition definition = study.definition();
        PermittedRecords permitted = snapshots.permitted(signedSnapshot, definition.id(), round, cohort);
        if (!enough(definition, round, permitted)) {
            return Prepared.heldBack(permitted);
        }
        RoundTrainer trainer = new RoundTrainer(study.request(), FeatureAlignment.of(dataset.expression(), study.request().features()));
        RoundTrainer.RoundOutcome outcome = trainer.train(global, permitted.members(), round, name.hashCode(),
                BlockStandardization.forStudy(study));
        lastTraining.put(definition.id(), new LastTraining(study, outcome.standardizers()));
        return new Prepared(permitted, outcome.trainedPerBlock(),
                opening -> SecureUpload.forRound(definition, round, opening, identity, outcome.update(), random));
    }

    /** Statistics before round 1: check consent, sum the permitted records, and join their secure sum. */
    private Future<Void> runStatistics(StudyDefinition study, SecAggStep opening) {
        var refusal = admission.admitStatistics(study);
        if (refusal.isPresent()) {
            return Future.failedFuture(new IllegalArgumentException(refusal.get()));
        }
        List<CohortMember> cohort = StudyCohort.select(study.request(), dataset, patients);
        List<String> pseudonyms = cohort.stream().map(CohortMember::pseudonym).toList();
        return consent.snapshot(study.id(), NodeTask.STATISTICS_ROUND, study.request().use(), pseudonyms)
                .compose(snapshot -> vertx.executeBlocking(() -> summarize(study, cohort, snapshot)))
                .compose(prepared -> send(study, NodeTask.STATISTICS_ROUND, opening, prepared));
    }

    /** Off the event loop: check consent, then sum the permitted records' features per block. */
    private Prepared summarize(StudyDefinition study, List<CohortMember> cohort, String signedSnapshot) throws GeneralSecurityException {
        int round = NodeTask.STATISTICS_ROUND;
        PermittedRecords permitted = snapshots.permitted(signedSnapshot, study.id(), round, cohort);
        if (!enough(study, round, permitted)) {
            return Prepared.heldBack(permitted);
        }
        var plan = study.request().plan();
        FeatureStatistics statistics = LocalStatistics.of(FeatureAlignment.of(dataset.expression(), study.request().features()),
                permitted.members(), plan.folds(), study.request().features());
        List<List<String>> summedPerBlock = new ArrayList<>();
        for (int b = 0; b < plan.blocks(); b++) {
            summedPerBlock.add(BlockTraining.membersOf(permitted.members(), b, plan.folds()).stream().map(CohortMember::sampleId).toList());
        }
        return new Prepared(permitted, summedPerBlock, opening -> SecureUpload.forStatistics(study, opening, identity, statistics, random));
    }

    /** The fairness audit after the last round: check consent, score and count the permitted records, and join their secure sum. */
    private Future<Void> runAudit(StudyDefinition study, SecAggStep opening) {
        var refusal = admission.admitAudit(study);
        if (refusal.isPresent()) {
            return Future.failedFuture(new IllegalArgumentException(refusal.get()));
        }
        int round = NodeTask.AUDIT_ROUND;
        return inputsFor(study, round)
                .compose(in -> vertx.executeBlocking(() -> tally(study, in.trained(), in.cohort(), in.model(), in.snapshot())))
                .compose(prepared -> send(study, round, opening, prepared));
    }

    /**
     * Off the event loop: check consent, then score every permitted record with the fold model of its
     * fold and count the scores per group. The fold model of fold f never trained on a record of fold
     * f at any hospital (each holds that fold out of block f), so the audit measures the model on
     * records it did not fit; the final block trained on every record and would flatter itself on
     * them. The fold models are trained exactly as the final one in every round, so, as in
     * cross-validation, their held-out scores stand for the final model's.
     */
    private Prepared tally(StudyDefinition study, TrainedStudy trained, List<CohortMember> cohort, ParameterBlocks model,
                           String signedSnapshot) throws GeneralSecurityException {
        int round = NodeTask.AUDIT_ROUND;
        PermittedRecords permitted = snapshots.permitted(signedSnapshot, study.id(), round, cohort);
        if (!enough(study, round, permitted)) {
            return Prepared.heldBack(permitted);
        }
        var plan = study.request().plan();
        FeatureAlignment rows = FeatureAlignment.of(dataset.expression(), trained.request().features());
        BlockStandardization standardization = BlockStandardization.forStudy(trained);
        List<Standardizer> standardizers = new ArrayList<>();
        List<List<String>> scoredPerBlock = new ArrayList<>();
        for (int b = 0; b < plan.blocks(); b++) {
            int block = b;
            standardizers.add(BlockTraining.of(rows, BlockTraining.membersOf(permitted.members(), b, plan.folds()), b, standardization)
                    .standardizer());
            scoredPerBlock.add(permitted.members().stream().filter(m -> block < plan.folds() && m.fold() == block)
                    .map(CohortMember::sampleId).toList());
        }
        FairnessCounts counts = FairnessTally.count(study.request().fairness(), dataset.clinical(),
                score(trained.definition(), model, permitted.members(), standardizers));
        return new Prepared(permitted, scoredPerBlock, opening -> SecureUpload.forAudit(study, opening, identity, counts, random));
    }

    /** Whether the steward's policy lets this node send anything from the records permitted. */
    private boolean enough(StudyDefinition study, int round, PermittedRecords permitted) {
        int needed = policy.minRecordsFor(study);
        if (permitted.members().size() < needed) {
            LOG.warn("node {}: study {} round {}: {} permitted records, fewer than {}; sending nothing", name,
                    study.id(), round, permitted.members().size(), needed);
            return false;
        }
        return true;
    }

    /**
     * Joins a secure aggregation (the statistics, round 0, or a round) with what was prepared, or
     * stays out of it when too few records were permitted. The statistics or update itself never
     * leaves: only its masked form, at the masking step.
     */
    private Future<Void> send(StudyDefinition study, int round, SecAggStep opening, Prepared prepared) {
        PermittedRecords permitted = prepared.permitted();
        int cohortSize = permitted.members().size() + permitted.excluded();
        if (prepared.upload() == null) {
            record(study.id(), new RoundRecord(study.id(), round, cohortSize, permitted.excluded(), List.of(), false, 0));
            return Future.succeededFuture();
        }
        record(study.id(), new RoundRecord(study.id(), round, cohortSize, permitted.excluded(), prepared.usedPerBlock(), true, 0));
        List<String> used = permitted.members().stream().map(CohortMember::pseudonym).toList();
        // The records were used when they were summed or trained on: the ledger hears of it before anything is sent.
        return consent.reportUse(study.id(), round, used)
                .compose(v -> vertx.executeBlocking(() -> {
                    SecureUpload upload = prepared.upload().apply(opening);
                    uploads.put(study.id(), upload);
                    return upload;
                }))
                .compose(upload -> vertx.executeBlocking(() -> upload.answer(opening))
                        .compose(keys -> post(study.id(), round, opening.stage(), keys, upload)));
    }

    private Future<Void> secureAggregationStep(NodeTask task) {
        SecureUpload upload = uploads.get(task.studyId());
        if (upload == null || !upload.isFor(task.studyId(), task.round())) {
            LOG.warn("node {}: study {} round {}: no secure aggregation of this node is open; step {} ignored", name,
                    task.studyId(), task.round(), task.step().stage().path());
            return Future.succeededFuture();
        }
        if (task.step().stage() == SecAggStep.Stage.UNMASK) {
            uploads.remove(task.studyId(), upload);
        }
        return vertx.executeBlocking(() -> upload.answer(task.step()))
                .compose(answer -> post(task.studyId(), task.round(), task.step().stage(), answer, upload));
    }

    /** Sends a step's answer; the round's record counts it first, so it is complete once the coordinator has it. */
    private Future<Void> post(String studyId, int round, SecAggStep.Stage stage, byte[] answer, SecureUpload upload) {
        updateBytesSent(studyId, round, upload.bytesSent());
        return coordinator.secureAggregation(studyId, round, stage, answer);
    }

    private void updateBytesSent(String studyId, int round, long bytes) {
        List<RoundRecord> records = rounds.get(studyId);
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).round() == round) {
                records.set(i, records.get(i).withBytesSent(bytes));
                return;
            }
        }
    }

    private void record(String studyId, RoundRecord record) {
        rounds.computeIfAbsent(studyId, id -> new CopyOnWriteArrayList<>()).add(record);
    }

    /**
     * This hospital's own evaluation of a released study: each cohort record scored by the fold
     * model that never trained on it, standardized as that fold's block was in the last round (with
     * the consortium's statistics, or the block's own records). The scores stay at the hospital.
     */
    public List<HeldOutScore> heldOutScores(StudyDefinition study, ParameterBlocks released) {
        LastTraining last = lastTraining.get(study.id());
        if (last == null) {
            return List.of();
        }
        return score(last.study().definition(), released, StudyCohort.select(study.request(), dataset, patients),
                last.standardizers());
    }

    /** Each member scored by the fold model of its fold, standardized with that block's standardizer. */
    private List<HeldOutScore> score(StudyDefinition study, ParameterBlocks released, List<CohortMember> members,
                                     List<Standardizer> standardizers) {
        StudyDomain domain = new StudyDomain(study.request().features(), study.request().outcome().labels());
        FeatureAlignment rows = FeatureAlignment.of(dataset.expression(), study.request().features());
        List<HeldOutScore> scores = new ArrayList<>();
        for (CohortMember member : members) {
            int fold = member.fold();
            ModelParameters model = ModelParameters.of(released.rows(), released.columns(), released.block(fold));
            double margin = LocalTraining.margin(domain, model, standardizers.get(fold).apply(rows.row(member.sampleId())));
            scores.add(new HeldOutScore(member.sampleId(), fold, member.label().equals(study.request().outcome().positive()), margin));
        }
        return scores;
    }

    /** The study as this node last trained it, and each block's standardizer then. */
    private record LastTraining(TrainedStudy study, List<Standardizer> standardizers) {
    }

    /**
     * What this node prepared for one secure aggregation: the records consent permitted, the sample
     * ids each block used, and how to begin the upload once the session is offered (null when the
     * node holds back, having too few permitted records).
     */
    private record Prepared(PermittedRecords permitted, List<List<String>> usedPerBlock, Function<SecAggStep, SecureUpload> upload) {
        static Prepared heldBack(PermittedRecords permitted) {
            return new Prepared(permitted, List.of(), null);
        }
    }
}
