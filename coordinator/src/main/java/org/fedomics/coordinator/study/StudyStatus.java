package org.fedomics.coordinator.study;

import java.util.List;
import java.util.Map;

/**
 * What a researcher sees of a study: its state, the nodes' decisions, the statistics aggregation
 * before round 1 (null until it closed, and for studies that standardize at each site), the rounds
 * so far, and the fairness audit after the last round (null until it closed, and for studies that
 * declare none).
 */
public record StudyStatus(String id, String title, StudyState state, String reason, Map<String, String> decisions,
                          List<String> participants, StatisticsSummary statistics, int completedRounds, int totalRounds,
                          List<RoundSummary> rounds, AuditSummary audit) {
    public StudyStatus {
        decisions = Map.copyOf(decisions);
        participants = List.copyOf(participants);
        rounds = List.copyOf(rounds);
    }
}
