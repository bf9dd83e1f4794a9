package org.fedomics.coordinator.study;

import static org.fedomics.consent.web.ServiceResult.Reason.CONFLICT;
import static org.fedomics.consent.web.ServiceResult.Reason.FORBIDDEN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.security.cert.X509Certificate;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessCountsEncoding;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.FeatureStatisticsEncoding;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.ParameterDigest;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.study.SecureRoundPlan;
import org.fedomics.consent.study.SecureUpdateEncoding;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.TrainedStudy;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.coordinator.aggregation.AggregationStrategy;
import org.fedomics.coordinator.fairness.FairnessAuditor;
import org.fedomics.coordinator.fairness.FairnessReport;
import org.fedomics.crypto.secagg.SecAggException;

/**
 * One study's life at the coordinator, as a state machine without transport: the nodes' decisions;
 * then, for studies that standardize with consortium statistics, a secure aggregation of the
 * participants' feature statistics ("round 0") whose sum (and only the sum) becomes the
 * consortium's per-block means and standard deviations; then rounds, each a secure aggregation of
 * the participants' updates whose sum (and only the sum) closes into the next global model; then,
 * for studies that declare a fairness audit, a secure aggregation of the participants' per-group
 * score histograms of the final model on their held-out records, whose sum (and only the sum)
 * becomes the audit. Not thread-safe: the coordinator drives each study from one event-loop context.
 */
public final class Study {
    private final StudyDefinition definition;
    private final Set<String> consortium;
    private final X509Certificate consortiumCa;
    private final Clock clock;
    private final Map<String, StudyDecision> decisions = new LinkedHashMap<>();
    private final List<RoundSummary> rounds = new ArrayList<>();
    private StudyState state = StudyState.SUBMITTED;
    private String reason = "waiting for the hospitals' decisions";
    private List<String> participants = List.of();
    private ParameterBlocks global;
    private int round;
    private Instant roundStartedAt;
    private SecureRound secure;
    private FeatureStandardization standardization;
    private StatisticsSummary statistics;
    private TrainedStudy trained;
    private AuditSummary audit;

    public Study(StudyDefinition definition, Set<String> consortium, X509Certificate consortiumCa, Clock clock) {
        if (consortium.isEmpty()) {
            throw new IllegalArgumentException("a study needs a consortium of at least one node");
        }
        this.definition = definition;
        this.consortium = new TreeSet<>(consortium);
        this.consortiumCa = consortiumCa;
        this.clock = clock;
    }

    public StudyDefinition definition() {
        return definition;
    }

    public String id() {
        return definition.id();
    }

    public StudyState state() {
        return state;
    }

    public int round() {
        return round;
    }

    /** The current global model: all zeros in round 1, of the trained study's shape; null before round 1. */
    public ParameterBlocks global() {
        return global;
    }

    /** The study as its rounds train it (its features narrowed by its selection), once round 1 began. */
    public Optional<TrainedStudy> trained() {
        return Optional.ofNullable(trained);
    }

    public List<String> participants() {
        return participants;
    }

    public List<RoundSummary> rounds() {
        return List.copyOf(rounds);
    }

    /** The consortium's standardization, once the statistics aggregation closed. */
    public Optional<FeatureStandardization> standardization() {
        return Optional.ofNullable(standardization);
    }

    /** The statistics aggregation, once it closed. */
    public Optional<StatisticsSummary> statistics() {
        return Optional.ofNullable(statistics);
    }

    /** The fairness audit, once its aggregation closed. */
    public Optional<FairnessReport> fairness() {
        return Optional.ofNullable(audit).map(AuditSummary::report);
    }

    private TrainingPlan plan() {
        return definition.request().plan();
    }

    public ServiceResult<Void> recordDecision(String node, StudyDecision decision) {
        if (!consortium.contains(node)) {
            return ServiceResult.fail(FORBIDDEN, "node " + node + " is not in this consortium");
        }
        if (state != StudyState.SUBMITTED) {
            return ServiceResult.fail(CONFLICT, "study " + id() + " is " + state + ", no longer taking decisions");
        }
        if (decisions.containsKey(node)) {
            return ServiceResult.fail(CONFLICT, "node " + node + " has already decided on study " + id());
        }
        decisions.put(node, decision);
        return ServiceResult.ok(null);
    }

    public boolean allDecided() {
        return decisions.keySet().containsAll(consortium);
    }

    /**
     * Starts the study with the approving nodes (with the statistics aggregation when the study
     * uses consortium statistics, else with round 1), or refuses it if too few approve.
     */
    public boolean startIfEnoughApprove() {
        List<String> approving = decisions.entrySet().stream()
                .filter(e -> e.getValue().approved()).map(Map.Entry::getKey).sorted().toList();
        int needed = Math.max(plan().minNodes(), SecureRoundPlan.MIN_HOSPITALS);
        if (approving.size() < needed) {
            state = StudyState.REFUSED;
            reason = approving.size() + " of " + consortium.size() + " hospitals approved; the study needs " + needed
                    + (needed > plan().minNodes() ? " for secure aggregation" : "");
            return false;
        }
        participants = approving;
        state = StudyState.RUNNING;
        if (plan().usesConsortiumStatistics()) {
            beginStatistics();
        } else {
            beginTraining(TrainedStudy.of(definition, Optional.empty()));
        }
        return true;
    }

    private void beginTraining(TrainedStudy study) {
        trained = study;
        global = ParameterBlocks.zeros(study.request());
        beginRound(1);
    }

    private void beginStatistics() {
        round = NodeTask.STATISTICS_ROUND;
        roundStartedAt = clock.instant();
        secure = new SecureRound(SecureRoundPlan.statisticsConfig(definition, participants), consortiumCa, roundStartedAt);
        reason = "summing the hospitals' feature statistics before round 1";
    }

    private void beginRound(int next) {
        round = next;
        roundStartedAt = clock.instant();
        secure = new SecureRound(SecureRoundPlan.config(trained.definition(), round, participants), consortiumCa, roundStartedAt);
        reason = "round " + round + " of " + plan().rounds() + " running";
    }

    /**
     * The fairness audit after the last round: the final model's global parameters stay what nodes
     * fetch, for this aggregation's number ({@link NodeTask#AUDIT_ROUND}).
     */
    private void beginAudit() {
        round = NodeTask.AUDIT_ROUND;
        roundStartedAt = clock.instant();
        secure = new SecureRound(SecureRoundPlan.auditConfig(definition, participants), consortiumCa, roundStartedAt);
        reason = "all " + plan().rounds() + " rounds done; summing the hospitals' counts for the fairness audit";
    }

    /** A node's answer to the current stage of this round's secure aggregation. */
    public ServiceResult<Void> receive(String node, int forRound, Stage stage, byte[] message) {
        if (state != StudyState.RUNNING) {
            return ServiceResult.fail(CONFLICT, "study " + id() + " is " + state);
        }
        if (!participants.contains(node)) {
            return ServiceResult.fail(FORBIDDEN, "node " + node + " is not a participant of study " + id());
        }
        if (forRound != round) {
            return ServiceResult.fail(CONFLICT, "study " + id() + " is in round " + round + ", not " + forRound);
        }
        return secure.receive(node, stage, message);
    }

    /** The step that opens the current aggregation at every participant: advertise keys. */
    public SecAggStep openingStep() {
        return SecAggStep.advertise(secure.config());
    }

    /**
     * The task that opens the current aggregation at every participant: compute the statistics,
     * or train; then advertise keys.
     */
    public NodeTask openingTask() {
        return switch (round) {
            case NodeTask.STATISTICS_ROUND -> NodeTask.statistics(definition, openingStep());
            case NodeTask.AUDIT_ROUND -> NodeTask.audit(definition, openingStep());
            default -> NodeTask.round(definition, round, openingStep());
        };
    }

    public boolean stageComplete() {
        return state == StudyState.RUNNING && secure.stageComplete();
    }

    /** True when the current stage ran past its deadline: the first stage includes local training. */
    public boolean stageExpired(Duration trainingDeadline, Duration stageDeadline) {
        if (state != StudyState.RUNNING) {
            return false;
        }
        Duration deadline = secure.stage() == Stage.ADVERTISE ? trainingDeadline : stageDeadline;
        return clock.instant().isAfter(secure.stageStartedAt().plus(deadline));
    }

    /**
     * Closes the current stage with the answers received. Returns the next stage's steps per node;
     * after the last stage, the statistics close into the consortium's standardization, or the
     * round into the next global model (and the steps are empty). Fewer answers than the threshold
     * fail the study: the coordinator gets no sum.
     */
    public StageClosed closeStage(AggregationStrategy strategy) {
        Stage closing = secure.stage();
        int closingRound = round;
        SecureRound.Closed closed;
        try {
            closed = secure.close(clock.instant());
        } catch (SecAggException e) {
            state = StudyState.FAILED;
            reason = aggregationName(closingRound) + ", stage " + closing.path() + ": " + e.getMessage();
            return new StageClosed(Map.of(), false, closingRound);
        }
        if (closed.finished() && closingRound == NodeTask.STATISTICS_ROUND) {
            closeStatistics(closed.sum());
        } else if (closed.finished() && closingRound == NodeTask.AUDIT_ROUND) {
            closeAudit(closed.sum());
        } else if (closed.finished()) {
            closeRound(strategy, closed.sum());
        }
        return new StageClosed(closed.nextSteps(), closed.finished(), closingRound);
    }

    private static String aggregationName(int round) {
        return switch (round) {
            case NodeTask.STATISTICS_ROUND -> "statistics";
            case NodeTask.AUDIT_ROUND -> "fairness audit";
            default -> "round " + round;
        };
    }

    /**
     * What closing a stage led to: the next stage's step per node, or (when {@code aggregationClosed})
     * the end of aggregation {@code round}: the statistics (round 0), a round of training, or the
     * fairness audit ({@link NodeTask#AUDIT_ROUND}).
     */
    public record StageClosed(Map<String, SecAggStep> nextSteps, boolean aggregationClosed, int round) {
    }

    private void closeStatistics(long[] encodedSum) {
        List<String> contributors = secure.contributors();
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(definition.request(), secure.config().roster().size());
        FeatureStatistics total;
        try {
            total = encoding.decode(encodedSum);
            standardization = encoding.standardization(total);
        } catch (IllegalArgumentException e) {
            // only statistics no honest node computes (e.g. a negative count) get here
            state = StudyState.FAILED;
            reason = "statistics: the summed statistics are invalid: " + e.getMessage();
            return;
        }
        TrainedStudy selected = TrainedStudy.of(definition, Optional.of(standardization));
        statistics = new StatisticsSummary(contributors, droppedOut(contributors), total.count(plan().finalBlock()),
                secondsSinceStart(), secure.bytesReceived(), standardization.sha256(), selected.request().features());
        beginTraining(selected);
    }

    private List<String> droppedOut(List<String> contributors) {
        return participants.stream().filter(p -> !contributors.contains(p)).toList();
    }

    private double secondsSinceStart() {
        return Duration.between(roundStartedAt, clock.instant()).toNanos() / 1e9;
    }

    private void closeRound(AggregationStrategy strategy, long[] encodedSum) {
        List<String> contributors = secure.contributors();
        ParameterBlocks sum = SecureUpdateEncoding.forStudy(trained.request(), secure.config().roster().size()).decode(encodedSum);
        global = strategy.nextGlobal(global, sum);
        rounds.add(new RoundSummary(round, contributors, droppedOut(contributors), sum.count(plan().finalBlock()), secondsSinceStart(),
                secure.bytesReceived(), ParameterDigest.sha256(global)));
        if (round < plan().rounds()) {
            beginRound(round + 1);
        } else if (definition.request().audited()) {
            beginAudit();
        } else {
            reason = "all " + plan().rounds() + " rounds done";
        }
    }

    private void closeAudit(long[] encodedSum) {
        List<String> contributors = secure.contributors();
        FairnessCounts total;
        try {
            total = FairnessCountsEncoding.forStudy(definition.request(), secure.config().roster().size()).decode(encodedSum);
        } catch (IllegalArgumentException e) {
            // only counts no honest node sends (e.g. attributes counting different records) get here
            state = StudyState.FAILED;
            reason = "fairness audit: the summed counts are invalid: " + e.getMessage();
            return;
        }
        FairnessReport report = FairnessAuditor.audit(total, contributors);
        audit = new AuditSummary(contributors, droppedOut(contributors), secondsSinceStart(), secure.bytesReceived(), report);
        reason = "all " + plan().rounds() + " rounds done; fairness audit " + (report.passed() ? "passed"
                : "failed: " + String.join("; ", report.findings()));
    }

    /**
     * True once every planned round (and the fairness audit, if the study declares one) closed and
     * the study awaits its release.
     */
    public boolean readyForRelease() {
        return state == StudyState.RUNNING && rounds.size() == plan().rounds() && (!definition.request().audited() || audit != null);
    }

    /**
     * Released: a model whose fairness audit failed is released too, marked as failing in its
     * manifest, so that the researcher can see and study where it falls short; it is never released
     * as passing.
     */
    public void markReleased() {
        if (!readyForRelease()) {
            throw new IllegalStateException("study " + id() + " cannot be released from " + state);
        }
        state = StudyState.RELEASED;
        reason = audit == null ? "released" : audit.report().passed() ? "released; the fairness audit passed"
                : "released, marked as failing its fairness audit: " + String.join("; ", audit.report().findings());
    }

    public void fail(String why) {
        state = StudyState.FAILED;
        reason = why;
    }

    public StudyStatus status() {
        Map<String, String> shown = new LinkedHashMap<>();
        consortium.forEach(n -> shown.put(n, decisions.containsKey(n)
                ? (decisions.get(n).approved() ? "approved: " : "refused: ") + decisions.get(n).reason()
                : "pending"));
        return new StudyStatus(id(), definition.request().title(), state, reason, shown, participants, statistics,
                rounds.size(), plan().rounds(), rounds, audit);
    }
}
