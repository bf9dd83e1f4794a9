package org.fedomics.deploy.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.coordinator.study.AuditSummary;
import org.fedomics.coordinator.study.RoundSummary;
import org.fedomics.coordinator.study.StatisticsSummary;
import org.fedomics.deploy.demo.DemoRun;
import org.fedomics.node.round.RoundRecord;

/**
 * The demo study timed end to end: per-round time, bytes each node sent per round (round 0 is the
 * statistics aggregation before round 1, round 1001 the fairness audit after the last), total, peak heap.
 */
public final class E2eBenchmark {

    public record Round(int round, double seconds, @JsonProperty("bytes_sent_per_node") Map<String, Long> bytesSentPerNode) {
    }

    public record Result(List<Round> rounds, @JsonProperty("total_seconds") double totalSeconds,
                         @JsonProperty("study_seconds") double studySeconds,
                         @JsonProperty("peak_heap_bytes") long peakHeapBytes, @JsonProperty("federated_auc") double federatedAuc) {
    }

    private E2eBenchmark() {
    }

    public static void resetPeakHeap() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    public static Result of(DemoRun.Outcome outcome) {
        List<Round> rounds = new ArrayList<>();
        StatisticsSummary statistics = outcome.study().statistics();
        if (statistics != null) {
            rounds.add(new Round(NodeTask.STATISTICS_ROUND, statistics.seconds(), bytesSent(outcome, NodeTask.STATISTICS_ROUND)));
        }
        for (RoundSummary summary : outcome.study().rounds()) {
            rounds.add(new Round(summary.round(), summary.seconds(), bytesSent(outcome, summary.round())));
        }
        AuditSummary audit = outcome.study().audit();
        if (audit != null) {
            rounds.add(new Round(NodeTask.AUDIT_ROUND, audit.seconds(), bytesSent(outcome, NodeTask.AUDIT_ROUND)));
        }
        long peak = heapPools().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        double study = rounds.stream().mapToDouble(Round::seconds).sum();
        return new Result(rounds, outcome.summary().wallSeconds(), study, peak, outcome.summary().federated().auc());
    }

    private static Map<String, Long> bytesSent(DemoRun.Outcome outcome, int round) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        outcome.nodeRounds().forEach((node, records) -> bytes.put(node, records.stream()
                .filter(r -> r.round() == round).mapToLong(RoundRecord::bytesSent).sum()));
        return bytes;
    }

    private static java.util.stream.Stream<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP);
    }

    public static void print(PrintStream out, Result result) {
        List<String> nodes = result.rounds().isEmpty() ? List.of() : List.copyOf(result.rounds().get(0).bytesSentPerNode().keySet());
        StringBuilder header = new StringBuilder(String.format("  %5s %9s", "round", "seconds"));
        nodes.forEach(n -> header.append(String.format(" %16s", n + " bytes")));
        out.println(header);
        for (Round r : result.rounds()) {
            StringBuilder line = new StringBuilder(String.format("  %5d %9.3f", r.round(), r.seconds()));
            nodes.forEach(n -> line.append(String.format(" %16d", r.bytesSentPerNode().get(n))));
            out.println(line);
        }
        if (!result.rounds().isEmpty() && result.rounds().get(0).round() == NodeTask.STATISTICS_ROUND) {
            out.println("  (round 0: the secure sum of feature statistics before round 1; round " + NodeTask.AUDIT_ROUND
                    + ": the fairness audit's secure sum of per-group counts after the last round)");
        }
        out.printf("  rounds total %.2f s, whole run %.2f s (start, import, consent, study, evaluation)%n",
                result.studySeconds(), result.totalSeconds());
        out.printf("  peak heap %.1f MiB%n", result.peakHeapBytes() / 1048576.0);
        out.printf("  federated AUC %.3f%n", result.federatedAuc());
    }
}
