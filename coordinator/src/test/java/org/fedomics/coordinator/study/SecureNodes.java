package org.fedomics.coordinator.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessCountsEncoding;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.FeatureStatisticsEncoding;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecAggStep.Stage;
import org.fedomics.consent.study.SecureUpdateEncoding;
import org.fedomics.coordinator.aggregation.AggregationStrategy;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.fedomics.crypto.secagg.SecAggNode;

/**
 * Test nodes with real identities from a test consortium CA that answer a study's secure
 * aggregation with real protocol state, as the node agent does, and can stop answering at any stage.
 */
final class SecureNodes {
    private final ConsortiumCa ca = ConsortiumCa.create("test", Clock.systemUTC());
    private final Map<String, Credential> credentials = new TreeMap<>();
    private final SecureRandom random = new SecureRandom();
    private long bytesSent;
    private final List<byte[]> received = new java.util.ArrayList<>();

    SecureNodes(Set<String> names) {
        names.forEach(n -> credentials.put(n, ca.issue(new ParticipantIdentity(Role.NODE, n), List.of(), Duration.ofDays(1))));
    }

    X509Certificate ca() {
        return ca.certificate();
    }

    /** A fresh protocol instance of {@code node} for the study's current aggregation. */
    SecAggNode protocol(Study study, String node) {
        return new SecAggNode(study.openingStep().config(), credentials.get(node), random);
    }

    /** Every message the study (the coordinator) received in the aggregations this class drove: its whole view. */
    List<byte[]> received() {
        return List.copyOf(received);
    }

    /** The bytes the nodes sent in the last aggregation this class drove. */
    long bytesSent() {
        return bytesSent;
    }

    /**
     * Drives the study's current round through every stage: each node answers with its update
     * until the stage named in {@code dropAt}, from which on it stays silent. Returns whether the
     * round closed (false when the study failed).
     */
    boolean runRound(Study study, AggregationStrategy strategy, Map<String, ParameterBlocks> updates, Map<String, Stage> dropAt) {
        SecureUpdateEncoding encoding = SecureUpdateEncoding.forStudy(study.trained().orElseThrow().request(),
                study.openingStep().config().roster().size());
        Map<String, long[]> inputs = new TreeMap<>();
        updates.forEach((node, update) -> inputs.put(node, encoding.encode(update)));
        return run(study, strategy, inputs, dropAt);
    }

    /** Drives the study's statistics aggregation as {@link #runRound} drives a round, each node sending its statistics. */
    boolean runStatistics(Study study, AggregationStrategy strategy, Map<String, FeatureStatistics> statistics,
                          Map<String, Stage> dropAt) {
        FeatureStatisticsEncoding encoding = FeatureStatisticsEncoding.forStudy(study.definition().request(),
                study.openingStep().config().roster().size());
        Map<String, long[]> inputs = new TreeMap<>();
        statistics.forEach((node, own) -> inputs.put(node, encoding.encode(own)));
        return run(study, strategy, inputs, dropAt);
    }

    /** Drives the study's fairness audit as {@link #runRound} drives a round, each node sending its counts. */
    boolean runAudit(Study study, AggregationStrategy strategy, Map<String, FairnessCounts> counts, Map<String, Stage> dropAt) {
        FairnessCountsEncoding encoding = FairnessCountsEncoding.forStudy(study.definition().request(),
                study.openingStep().config().roster().size());
        Map<String, long[]> inputs = new TreeMap<>();
        counts.forEach((node, own) -> inputs.put(node, encoding.encode(own)));
        return run(study, strategy, inputs, dropAt);
    }

    /**
     * Drives the study's current aggregation (the statistics, a round or the audit) with these encoded inputs
     * through every stage; returns whether it closed (false when the study failed).
     */
    boolean run(Study study, AggregationStrategy strategy, Map<String, long[]> inputs, Map<String, Stage> dropAt) {
        bytesSent = 0;
        int round = study.round();
        SecAggConfig config = study.openingStep().config();
        Map<String, SecAggNode> protocols = new TreeMap<>();
        Map<String, SecAggStep> steps = new TreeMap<>();
        for (String node : config.roster()) {
            protocols.put(node, new SecAggNode(config, credentials.get(node), random));
            steps.put(node, study.openingStep());
        }
        while (true) {
            for (Map.Entry<String, SecAggStep> entry : steps.entrySet()) {
                String node = entry.getKey();
                SecAggStep step = entry.getValue();
                Stage drop = dropAt.get(node);
                if (drop != null && drop.ordinal() <= step.stage().ordinal()) {
                    continue;
                }
                byte[] answer = step.perform(protocols.get(node), inputs.get(node));
                bytesSent += answer.length;
                received.add(answer);
                assertThat(study.receive(node, round, step.stage(), answer).succeeded()).as("%s at %s", node, step.stage()).isTrue();
            }
            Study.StageClosed closed = study.closeStage(strategy);
            if (closed.aggregationClosed()) {
                return study.state() != StudyState.FAILED;
            }
            if (study.state() != StudyState.RUNNING) {
                return false;
            }
            steps = new TreeMap<>(closed.nextSteps());
        }
    }
}
