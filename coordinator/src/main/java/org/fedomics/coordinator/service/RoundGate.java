package org.fedomics.coordinator.service;

import io.vertx.core.Future;

/**
 * Holds a round back until something outside the coordinator is ready, e.g. an operator's pause,
 * or (in the demo) a patient's revocation that must land before the next round is announced.
 * Round 0 is a study's statistics aggregation before round 1; {@code NodeTask.AUDIT_ROUND} its fairness audit after the last.
 */
@FunctionalInterface
public interface RoundGate {
    RoundGate OPEN = (studyId, round) -> Future.succeededFuture();

    Future<Void> beforeRound(String studyId, int round);
}
