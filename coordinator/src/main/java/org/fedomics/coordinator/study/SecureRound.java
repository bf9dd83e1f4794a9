package org.fedomics.coordinator.study;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;
import static org.fedomics.consent.web.ServiceResult.Reason.CONFLICT;
import static org.fedomics.consent.web.ServiceResult.Reason.FORBIDDEN;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.fedomics.crypto.secagg.SecAggCoordinator;
import org.fedomics.crypto.secagg.SecAggException;

/**
 * One round's secure aggregation at the coordinator: the four stages in order, each waiting for
 * the nodes that completed the previous one, closing when all of them answered or when its deadline
 * passed. The coordinator learns the sum of the survivors' inputs and nothing else.
 */
public final class SecureRound {
    private final SecAggConfig config;
    private final SecAggCoordinator protocol;
    private long bytesReceived;
    private Stage stage = Stage.ADVERTISE;
    private Set<String> expected;
    private final Set<String> answered = new TreeSet<>();
    private Instant stageStartedAt;
    private List<String> contributors = List.of();

    public SecureRound(SecAggConfig config, X509Certificate consortiumCa, Instant startedAt) {
        this.config = config;
        this.protocol = new SecAggCoordinator(config, consortiumCa);
        this.expected = new TreeSet<>(config.roster());
        this.stageStartedAt = startedAt;
    }

    public SecAggConfig config() {
        return config;
    }

    public Stage stage() {
        return stage;
    }

    public Instant stageStartedAt() {
        return stageStartedAt;
    }

    /** A node's answer to the current stage. */
    public ServiceResult<Void> receive(String node, Stage answered, byte[] message) {
        if (!config.roster().contains(node)) {
            return ServiceResult.fail(FORBIDDEN, "node " + node + " is not in this round's secure aggregation");
        }
        if (answered != stage) {
            return ServiceResult.fail(CONFLICT, "secure aggregation is at stage " + stage.path() + ", not " + answered.path());
        }
        if (!expected.contains(node)) {
            return ServiceResult.fail(CONFLICT, "node " + node + " dropped out of this round at an earlier stage");
        }
        if (this.answered.contains(node)) {
            return ServiceResult.fail(CONFLICT, "node " + node + " already answered stage " + stage.path());
        }
        try {
            switch (stage) {
                case ADVERTISE -> protocol.receiveAdvertisement(node, message);
                case SHARE -> protocol.receiveShares(node, message);
                case MASK -> protocol.receiveMaskedInput(node, message);
                case UNMASK -> protocol.receiveUnmasking(node, message);
            }
        } catch (SecAggException e) {
            return ServiceResult.fail(BAD_REQUEST, e.getMessage());
        }
        this.answered.add(node);
        bytesReceived += message.length;
        return ServiceResult.ok(null);
    }

    public boolean stageComplete() {
        return answered.containsAll(expected);
    }

    /**
     * Closes the current stage with the answers received: the next stage's step for each node that
     * answered, or, after unmasking, the sum. Fails (SecAggException) when fewer than the threshold answered.
     */
    public Closed close(Instant now) {
        Set<String> survivors = new TreeSet<>(answered);
        Map<String, SecAggStep> next = new LinkedHashMap<>();
        long[] sum = null;
        switch (stage) {
            case ADVERTISE -> {
                List<byte[]> advertisements = protocol.closeAdvertisements();
                survivors.forEach(n -> next.put(n, new SecAggStep(Stage.SHARE, config, advertisements, List.of())));
            }
            case SHARE -> {
                Map<String, List<byte[]>> shares = protocol.closeShares();
                survivors.forEach(n -> next.put(n, new SecAggStep(Stage.MASK, config, shares.getOrDefault(n, List.of()), List.of())));
            }
            case MASK -> {
                List<String> dropped = protocol.closeMaskedInputs();
                contributors = List.copyOf(survivors);
                survivors.forEach(n -> next.put(n, new SecAggStep(Stage.UNMASK, config, List.of(), dropped)));
            }
            case UNMASK -> sum = protocol.closeUnmasking();
        }
        if (sum == null) {
            stage = Stage.values()[stage.ordinal() + 1];
            expected = survivors;
            answered.clear();
            stageStartedAt = now;
        }
        return new Closed(next, sum);
    }

    /** The nodes whose masked input is in the sum (known once the masking stage closed). */
    public List<String> contributors() {
        return contributors;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** What closing a stage produced: steps to hand out, or (after the last stage) the sum. */
    public record Closed(Map<String, SecAggStep> nextSteps, long[] sum) {
        public boolean finished() {
            return sum != null;
        }
    }
}
