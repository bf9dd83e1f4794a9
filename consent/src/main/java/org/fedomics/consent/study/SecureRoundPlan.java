package org.fedomics.consent.study;

import java.util.List;
import org.fedomics.crypto.secagg.SecAggConfig;

/**
 * The public parameters of a round's secure aggregation, derived from the study alone so that a
 * node can check that what the coordinator asks for is exactly what the study implies: the session
 * is bound to the study and the round, the threshold is a strict majority of the roster (and never
 * below the study's minimum of hospitals), and the vector is the study's encoded update.
 */
public final class SecureRoundPlan {
    /** The fewest hospitals a study can have: a "sum" of one input would be that hospital's update. */
    public static final int MIN_HOSPITALS = 2;

    private SecureRoundPlan() {
    }

    public static SecAggConfig config(StudyDefinition study, int round, List<String> roster) {
        if (roster.size() < MIN_HOSPITALS) {
            throw new IllegalArgumentException("secure aggregation needs at least " + MIN_HOSPITALS + " hospitals, got " + roster.size());
        }
        SecureUpdateEncoding encoding = SecureUpdateEncoding.forStudy(study.request(), roster.size());
        return new SecAggConfig(study.id() + "/round-" + round + "/model", roster.stream().sorted().toList(),
                threshold(roster.size(), study.request().plan().minNodes()), encoding.vectorLength(), SecureUpdateEncoding.MODULUS_BITS);
    }

    /** A strict majority of the roster, at least two, and at least the study's minimum of hospitals. */
    static int threshold(int rosterSize, int minNodes) {
        return Math.max(Math.max(MIN_HOSPITALS, minNodes), rosterSize / 2 + 1);
    }
}
