package org.fedomics.node.service;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Function;
import org.fedomics.consent.study.FairnessCounts;
import org.fedomics.consent.study.FairnessCountsEncoding;
import org.fedomics.consent.study.FeatureStatistics;
import org.fedomics.consent.study.FeatureStatisticsEncoding;
import org.fedomics.consent.study.NodeTask;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecureRoundPlan;
import org.fedomics.consent.study.SecureUpdateEncoding;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.fedomics.crypto.secagg.SecAggNode;

/**
 * This node's part in one secure aggregation of a study (its statistics before round 1, a round,
 * or its fairness audit after the last): its encoded input, which leaves the node only masked, and the protocol state that answers
 * each step. The node accepts only the session the study implies (its own study id and round or
 * statistics label, a strict-majority threshold, the study's vector length and modulus) with itself
 * on the roster; the protocol refuses steps out of order.
 */
final class SecureUpload {
    private final String studyId;
    private final int round;
    private final SecAggNode protocol;
    private final long[] input;
    private long bytesSent;

    private SecureUpload(String studyId, int round, SecAggNode protocol, long[] input) {
        this.studyId = studyId;
        this.round = round;
        this.protocol = protocol;
        this.input = input;
    }

    /** Checks the offered session against the study's round and prepares the upload of {@code update}. */
    static SecureUpload forRound(StudyDefinition study, int round, SecAggStep opening, Credential identity, ParameterBlocks update,
                                 SecureRandom random) {
        SecAggConfig offered = checkedSession(study, "round " + round, opening, identity, roster -> SecureRoundPlan.config(study, round, roster));
        long[] input = SecureUpdateEncoding.forStudy(study.request(), offered.roster().size()).encode(update);
        return new SecureUpload(study.id(), round, new SecAggNode(offered, identity, random), input);
    }

    /** Checks the offered session against the study's statistics and prepares the upload of {@code statistics}. */
    static SecureUpload forStatistics(StudyDefinition study, SecAggStep opening, Credential identity, FeatureStatistics statistics,
                                      SecureRandom random) {
        SecAggConfig offered = checkedSession(study, "statistics", opening, identity, roster -> SecureRoundPlan.statisticsConfig(study, roster));
        long[] input = FeatureStatisticsEncoding.forStudy(study.request(), offered.roster().size()).encode(statistics);
        return new SecureUpload(study.id(), NodeTask.STATISTICS_ROUND, new SecAggNode(offered, identity, random), input);
    }

    /** Checks the offered session against the study's fairness audit and prepares the upload of {@code counts}. */
    static SecureUpload forAudit(StudyDefinition study, SecAggStep opening, Credential identity, FairnessCounts counts,
                                 SecureRandom random) {
        SecAggConfig offered = checkedSession(study, "fairness audit", opening, identity, roster -> SecureRoundPlan.auditConfig(study, roster));
        long[] input = FairnessCountsEncoding.forStudy(study.request(), offered.roster().size()).encode(counts);
        return new SecureUpload(study.id(), NodeTask.AUDIT_ROUND, new SecAggNode(offered, identity, random), input);
    }

    /**
     * The offered session, if it lists this node and is exactly what the study implies for that
     * roster ({@code expected}); else refused, naming the aggregation.
     */
    private static SecAggConfig checkedSession(StudyDefinition study, String aggregation, SecAggStep opening, Credential identity,
                                               Function<List<String>, SecAggConfig> expected) {
        SecAggConfig offered = opening.config();
        String self = identity.identity().name();
        if (!offered.roster().contains(self)) {
            throw new IllegalArgumentException("the coordinator's session for study " + study.id() + " " + aggregation
                    + " does not list this node (" + self + ")");
        }
        SecAggConfig implied = expected.apply(offered.roster());
        if (!implied.equals(offered)) {
            throw new IllegalArgumentException("the coordinator's session for study " + study.id() + " " + aggregation
                    + " differs from what the study implies: offered " + offered + ", expected " + implied);
        }
        return offered;
    }

    boolean isFor(String studyId, int round) {
        return this.studyId.equals(studyId) && this.round == round;
    }

    /** This node's answer to a step: keys, shares, its masked input or its unmasking shares. */
    byte[] answer(SecAggStep step) {
        byte[] answer = step.perform(protocol, input);
        bytesSent += answer.length;
        return answer;
    }

    long bytesSent() {
        return bytesSent;
    }
}
