package org.fedomics.node.round;

import java.util.List;

/**
 * What this node did in one round, kept at the node for its steward and for tests: the sample ids
 * each parameter block actually trained on, and how many cohort records consent excluded.
 * {@code sent} is false when the node held its update back (too few permitted records);
 * {@code bytesSent} counts every secure-aggregation message the node sent for the round. Round 0
 * is the study's statistics aggregation before round 1: there {@code trainedPerBlock} holds the
 * sample ids each block's statistics summed over (nothing is trained); round
 * {@link org.fedomics.consent.study.NodeTask#AUDIT_ROUND} is the fairness audit after the last
 * round: there it holds, per fold block, the sample ids that block's model scored (the final block
 * scores none).
 */
public record RoundRecord(String studyId, int round, int cohortSize, int excludedByConsent,
                          List<List<String>> trainedPerBlock, boolean sent, long bytesSent) {
    public RoundRecord {
        trainedPerBlock = trainedPerBlock.stream().map(List::copyOf).toList();
    }

    public RoundRecord withBytesSent(long bytes) {
        return new RoundRecord(studyId, round, cohortSize, excludedByConsent, trainedPerBlock, sent, bytes);
    }

    /** Every sample id trained on in this round, in any block. */
    public java.util.Set<String> allTrained() {
        java.util.Set<String> all = new java.util.TreeSet<>();
        trainedPerBlock.forEach(all::addAll);
        return all;
    }
}
