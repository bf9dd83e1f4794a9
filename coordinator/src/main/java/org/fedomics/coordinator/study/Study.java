package org.fedomics.coordinator.study;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;
import static org.fedomics.consent.web.ServiceResult.Reason.CONFLICT;
import static org.fedomics.consent.web.ServiceResult.Reason.FORBIDDEN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.StudyDecision;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.consent.study.TrainingPlan;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.coordinator.aggregation.AggregationStrategy;
import org.fedomics.coordinator.aggregation.PlainSum;

/**
 * One study's life at the coordinator, as a state machine without transport: the nodes' decisions,
 * then rounds that collect one update per participant and close into the next global model.
 * Not thread-safe: the coordinator drives each study from one event-loop context.
 */
public final class Study {
    private final StudyDefinition definition;
    private final Set<String> consortium;
    private final Clock clock;
    private final Map<String, StudyDecision> decisions = new LinkedHashMap<>();
    private final Map<String, ParameterBlocks> updates = new LinkedHashMap<>();
    private final List<RoundSummary> rounds = new ArrayList<>();
    private StudyState state = StudyState.SUBMITTED;
    private String reason = "waiting for the hospitals' decisions";
    private List<String> participants = List.of();
    private ParameterBlocks global;
    private int round;
    private Instant roundStartedAt;
    private long roundBytes;

    public Study(StudyDefinition definition, Set<String> consortium, ParameterBlocks initialGlobal, Clock clock) {
        if (consortium.isEmpty()) {
            throw new IllegalArgumentException("a study needs a consortium of at least one node");
        }
        this.definition = definition;
        this.consortium = new TreeSet<>(consortium);
        this.global = initialGlobal;
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

    public ParameterBlocks global() {
        return global;
    }

    public List<String> participants() {
        return participants;
    }

    public List<RoundSummary> rounds() {
        return List.copyOf(rounds);
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

    /** Starts round 1 with the approving nodes, or refuses the study if too few approve. */
    public boolean startIfEnoughApprove() {
        List<String> approving = decisions.entrySet().stream()
                .filter(e -> e.getValue().approved()).map(Map.Entry::getKey).sorted().toList();
        if (approving.size() < plan().minNodes()) {
            state = StudyState.REFUSED;
            reason = approving.size() + " of " + consortium.size() + " hospitals approved; the study needs " + plan().minNodes();
            return false;
        }
        participants = approving;
        state = StudyState.RUNNING;
        beginRound(1);
        return true;
    }

    private void beginRound(int next) {
        round = next;
        updates.clear();
        roundBytes = 0;
        roundStartedAt = clock.instant();
        reason = "round " + round + " of " + plan().rounds() + " running";
    }

    public ServiceResult<Void> submitUpdate(String node, int forRound, ParameterBlocks update, long bytes) {
        if (state != StudyState.RUNNING) {
            return ServiceResult.fail(CONFLICT, "study " + id() + " is " + state);
        }
        if (!participants.contains(node)) {
            return ServiceResult.fail(FORBIDDEN, "node " + node + " is not a participant of study " + id());
        }
        if (forRound != round) {
            return ServiceResult.fail(CONFLICT, "study " + id() + " is in round " + round + ", not " + forRound);
        }
        if (updates.containsKey(node)) {
            return ServiceResult.fail(CONFLICT, "node " + node + " already sent its update for round " + round);
        }
        if (!update.sameShape(global)) {
            return ServiceResult.fail(BAD_REQUEST, "update of shape " + update.blocks() + "x" + update.rows() + "x"
                    + update.columns() + " does not match the study's " + global.blocks() + "x" + global.rows() + "x" + global.columns());
        }
        updates.put(node, update);
        roundBytes += bytes;
        return ServiceResult.ok(null);
    }

    public boolean roundComplete() {
        return updates.keySet().containsAll(participants);
    }

    public boolean roundExpired(Duration deadline) {
        return state == StudyState.RUNNING && clock.instant().isAfter(roundStartedAt.plus(deadline));
    }

    /**
     * Closes the current round with the updates that arrived: the next global model, or the study
     * fails when fewer nodes than the plan requires contributed. Returns true if another round follows.
     */
    public boolean closeRound(AggregationStrategy strategy) {
        List<String> contributors = List.copyOf(updates.keySet());
        List<String> dropped = participants.stream().filter(p -> !updates.containsKey(p)).toList();
        if (contributors.size() < plan().minNodes()) {
            state = StudyState.FAILED;
            reason = "round " + round + ": " + contributors.size() + " hospitals sent updates, the study needs " + plan().minNodes();
            return false;
        }
        ParameterBlocks sum = PlainSum.of(updates.values());
        global = strategy.nextGlobal(global, sum);
        double seconds = Duration.between(roundStartedAt, clock.instant()).toNanos() / 1e9;
        rounds.add(new RoundSummary(round, contributors, dropped, sum.count(plan().finalBlock()), seconds, roundBytes,
                org.fedomics.consent.study.ParameterDigest.sha256(global)));
        updates.clear();
        if (round < plan().rounds()) {
            beginRound(round + 1);
            return true;
        }
        reason = "all " + plan().rounds() + " rounds done";
        return false;
    }

    public void markReleased() {
        if (state != StudyState.RUNNING || rounds.size() < plan().rounds()) {
            throw new IllegalStateException("study " + id() + " cannot be released from " + state);
        }
        state = StudyState.RELEASED;
        reason = "released";
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
        return new StudyStatus(id(), definition.request().title(), state, reason, shown, participants,
                rounds.size(), plan().rounds(), rounds);
    }
}
