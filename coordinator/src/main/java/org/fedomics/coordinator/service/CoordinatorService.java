package org.fedomics.coordinator.service;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;
import static org.fedomics.consent.web.ServiceResult.Reason.CONFLICT;
import static org.fedomics.consent.web.ServiceResult.Reason.FORBIDDEN;
import static org.fedomics.consent.web.ServiceResult.Reason.NOT_FOUND;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.StudyRequest;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.coordinator.aggregation.AggregationStrategy;
import org.fedomics.coordinator.release.ReleaseSigner;
import org.fedomics.coordinator.release.SignedRelease;
import org.fedomics.coordinator.study.AuditSummary;
import org.fedomics.coordinator.study.RoundSummary;
import org.fedomics.coordinator.study.StatisticsSummary;
import org.fedomics.coordinator.study.Study;
import org.fedomics.coordinator.study.StudyState;
import org.fedomics.coordinator.study.StudyStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's work: studies from researchers, decisions and updates from nodes, rounds
 * closed into global models, and releases. Runs on one event-loop context, so studies need no locks.
 */
public final class CoordinatorService {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorService.class);
    private final Vertx vertx;
    private final Set<String> consortium;
    private final AggregationStrategy strategy;
    private final ReleaseSigner releaseSigner;
    private final RoundGate gate;
    private final Clock clock;
    private final Duration roundDeadline;
    private final Duration stageDeadline;
    private final X509Certificate consortiumCa;
    private final NodeChannels channels;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Study> studies = new LinkedHashMap<>();
    private final Map<String, SignedRelease> releases = new LinkedHashMap<>();
    private final Map<String, byte[]> releasedModels = new LinkedHashMap<>();
    private final Map<String, byte[]> releasedStandardizations = new LinkedHashMap<>();

    /**
     * @param roundDeadline how long a round waits for the nodes' training and key advertisements
     * @param stageDeadline how long each later stage of secure aggregation waits for answers
     */
    public CoordinatorService(Vertx vertx, Set<String> consortium, X509Certificate consortiumCa, AggregationStrategy strategy,
                              ReleaseSigner releaseSigner, RoundGate gate, Clock clock, Duration roundDeadline, Duration stageDeadline) {
        this.vertx = vertx;
        this.consortium = Set.copyOf(consortium);
        this.strategy = strategy;
        this.releaseSigner = releaseSigner;
        this.gate = gate;
        this.clock = clock;
        this.roundDeadline = roundDeadline;
        this.stageDeadline = stageDeadline;
        this.consortiumCa = consortiumCa;
        this.channels = new NodeChannels(vertx);
    }

    /** Checks stage deadlines; called by the verticle's periodic timer. */
    void closeExpiredStages() {
        for (Study study : List.copyOf(studies.values())) {
            if (study.stageExpired(roundDeadline, stageDeadline)) {
                LOG.warn("study {} round {}: deadline passed, closing the stage with the answers received", study.id(), study.round());
                closeStage(study);
            }
        }
    }

    public ServiceResult<StudyStatus> submit(String researcher, StudyRequest request) {
        if (request.plan().minNodes() > consortium.size()) {
            return ServiceResult.fail(BAD_REQUEST, "the plan needs " + request.plan().minNodes()
                    + " hospitals; the consortium has " + consortium.size());
        }
        String id = "study-" + HexFormat.of().formatHex(nextIdBytes());
        StudyDefinition definition = new StudyDefinition(id, researcher, request);
        Study study = new Study(definition, consortium, consortiumCa, clock);
        studies.put(id, study);
        LOG.info("study {} submitted by {}: {}", id, researcher, request.title());
        consortium.forEach(node -> channels.offer(node, NodeTask.decide(definition)));
        return ServiceResult.ok(study.status());
    }

    private byte[] nextIdBytes() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return bytes;
    }

    public ServiceResult<Void> decide(String node, String studyId, StudyDecision decision) {
        Study study = studies.get(studyId);
        if (study == null) {
            return ServiceResult.fail(NOT_FOUND, "no study " + studyId);
        }
        ServiceResult<Void> recorded = study.recordDecision(node, decision);
        if (recorded.succeeded() && study.allDecided()) {
            if (study.startIfEnoughApprove()) {
                LOG.info("study {} running with {}", studyId, study.participants());
                announceRound(study);
            } else {
                LOG.info("study {} refused: {}", studyId, study.status().reason());
            }
        }
        return recorded;
    }

    public Future<List<NodeTask>> poll(String node, Duration wait) {
        if (!consortium.contains(node)) {
            return Future.failedFuture(new org.fedomics.crypto.pki.PeerRejected("node " + node + " is not in this consortium"));
        }
        return channels.poll(node, wait);
    }

    public ServiceResult<byte[]> globalModel(String node, String studyId, int round) {
        Study study = studies.get(studyId);
        if (study == null) {
            return ServiceResult.fail(NOT_FOUND, "no study " + studyId);
        }
        if (!study.participants().contains(node)) {
            return ServiceResult.fail(FORBIDDEN, "node " + node + " is not a participant of study " + studyId);
        }
        if (study.state() != StudyState.RUNNING || round < 1 || study.round() != round) {
            return ServiceResult.fail(CONFLICT, "study " + studyId + " is not in round " + round);
        }
        return ServiceResult.ok(study.global().encode());
    }

    /**
     * The consortium's standardization of a study, for its participants, once the statistics
     * aggregation closed.
     */
    public ServiceResult<byte[]> standardization(String node, String studyId) {
        Study study = studies.get(studyId);
        if (study == null) {
            return ServiceResult.fail(NOT_FOUND, "no study " + studyId);
        }
        if (!study.participants().contains(node)) {
            return ServiceResult.fail(FORBIDDEN, "node " + node + " is not a participant of study " + studyId);
        }
        if (!study.definition().request().plan().usesConsortiumStatistics()) {
            return ServiceResult.fail(CONFLICT, "study " + studyId + " standardizes at each hospital (record-level privacy plan)");
        }
        return study.standardization().map(s -> ServiceResult.ok(s.encode()))
                .orElseGet(() -> ServiceResult.fail(CONFLICT, "study " + studyId + " has not summed its statistics yet"));
    }

    /** A node's answer to the current stage of a secure aggregation (the statistics, round 0; a round; or the fairness audit). */
    public ServiceResult<Void> secureAggregation(String node, String studyId, int round, Stage stage, byte[] message) {
        Study study = studies.get(studyId);
        if (study == null) {
            return ServiceResult.fail(NOT_FOUND, "no study " + studyId);
        }
        ServiceResult<Void> accepted = study.receive(node, round, stage, message);
        if (accepted.succeeded() && study.stageComplete()) {
            closeStage(study);
        }
        return accepted;
    }

    private void closeStage(Study study) {
        Study.StageClosed closed = study.closeStage(strategy);
        closed.nextSteps().forEach((node, step) -> channels.offer(node, NodeTask.secagg(study.definition(), closed.round(), step)));
        if (study.state() == StudyState.FAILED) {
            LOG.warn("study {} failed: {}", study.id(), study.status().reason());
            study.participants().forEach(n -> channels.offer(n, NodeTask.ended(study.definition())));
            return;
        }
        if (!closed.aggregationClosed()) {
            return;
        }
        if (closed.round() == NodeTask.STATISTICS_ROUND) {
            StatisticsSummary statistics = study.statistics().orElseThrow();
            LOG.info("study {} statistics closed: {} contributed, {} dropped", study.id(), statistics.contributors().size(),
                    statistics.dropped().size());
        } else if (closed.round() == NodeTask.AUDIT_ROUND) {
            AuditSummary audit = study.status().audit();
            LOG.info("study {} fairness audit closed: {} contributed, {} dropped, {}", study.id(), audit.contributors().size(),
                    audit.dropped().size(), audit.report().passed() ? "passed" : "failed");
        } else {
            RoundSummary last = study.rounds().get(study.rounds().size() - 1);
            LOG.info("study {} round {} closed: {} contributed, {} dropped", study.id(), last.round(),
                    last.contributors().size(), last.dropped().size());
        }
        if (study.readyForRelease()) {
            release(study);
        } else {
            announceRound(study);
        }
    }

    private void announceRound(Study study) {
        int round = study.round();
        gate.beforeRound(study.id(), round).onComplete(opened -> {
            if (opened.failed()) {
                study.fail("round " + round + " was held back: " + opened.cause().getMessage());
                return;
            }
            NodeTask opening = study.openingTask();
            study.participants().forEach(n -> channels.offer(n, opening));
        });
    }

    private void release(Study study) {
        List<String> contributors = study.rounds().stream().flatMap(r -> r.contributors().stream()).distinct().sorted().toList();
        SignedRelease release = releaseSigner.release(study.trained().orElseThrow().definition(), study.global(),
                study.standardization(), study.fairness(), contributors, study.rounds(), strategy.name());
        releases.put(study.id(), release);
        releasedModels.put(study.id(), study.global().encode());
        study.standardization().ifPresent(s -> releasedStandardizations.put(study.id(), s.encode()));
        study.markReleased();
        LOG.info("study {} released, model sha256 {}", study.id(), release.manifest().modelSha256());
        study.participants().forEach(n -> channels.offer(n, NodeTask.ended(study.definition())));
    }

    public ServiceResult<StudyStatus> status(String studyId) {
        Study study = studies.get(studyId);
        return study == null ? ServiceResult.fail(NOT_FOUND, "no study " + studyId) : ServiceResult.ok(study.status());
    }

    public List<StudyStatus> list() {
        return studies.values().stream().map(Study::status).toList();
    }

    public ServiceResult<SignedRelease> release(String studyId) {
        SignedRelease release = releases.get(studyId);
        if (release != null) {
            return ServiceResult.ok(release);
        }
        return studies.containsKey(studyId)
                ? ServiceResult.fail(CONFLICT, "study " + studyId + " is " + studies.get(studyId).state() + ", not released")
                : ServiceResult.fail(NOT_FOUND, "no study " + studyId);
    }

    public ServiceResult<byte[]> releasedModel(String studyId) {
        return release(studyId).map(r -> releasedModels.get(studyId));
    }

    /** The consortium standardization a released model reads its inputs with. */
    public ServiceResult<byte[]> releasedStandardization(String studyId) {
        return release(studyId).flatMap(r -> releasedStandardizations.containsKey(studyId)
                ? ServiceResult.ok(releasedStandardizations.get(studyId))
                : ServiceResult.fail(NOT_FOUND, "study " + studyId + " was standardized at each hospital; there is no consortium standardization"));
    }
}
