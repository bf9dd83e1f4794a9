package org.fedomics.node.service;

import java.security.SecureRandom;
import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.SecAggStep;
import org.fedomics.consent.study.SecureRoundPlan;
import org.fedomics.consent.study.SecureUpdateEncoding;
import org.fedomics.consent.study.StudyDefinition;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.secagg.SecAggConfig;
import org.fedomics.crypto.secagg.SecAggNode;

/**
 * This node's part in one round's secure aggregation: its encoded update, which leaves the node
 * only masked, and the protocol state that answers each step. The node accepts only the session the
 * study implies (its own study id and round, a strict-majority threshold, the study's vector
 * length) with itself on the roster; the protocol refuses steps out of order.
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

    /** Checks the offered session against the study and prepares the upload of {@code update}. */
    static SecureUpload begin(StudyDefinition study, int round, SecAggStep opening, Credential identity, ParameterBlocks update,
                              SecureRandom random) {
        SecAggConfig offered = opening.config();
        String self = identity.identity().name();
        if (!offered.roster().contains(self)) {
            throw new IllegalArgumentException("the coordinator's session for study " + study.id() + " round " + round
                    + " does not list this node (" + self + ")");
        }
        SecAggConfig expected = SecureRoundPlan.config(study, round, offered.roster());
        if (!expected.equals(offered)) {
            throw new IllegalArgumentException("the coordinator's session for study " + study.id() + " round " + round
                    + " differs from what the study implies: offered " + offered + ", expected " + expected);
        }
        long[] input = SecureUpdateEncoding.forStudy(study.request(), offered.roster().size()).encode(update);
        return new SecureUpload(study.id(), round, new SecAggNode(offered, identity, random), input);
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
