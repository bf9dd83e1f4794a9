package org.fedomics.consent.study;

import java.util.List;
import org.fedomics.crypto.secagg.SecAggConfig;

/**
 * The public parameters of a study's secure aggregations, derived from the study alone so that a
 * node can check that what the coordinator asks for is exactly what the study implies: the session
 * is bound to the study and to the round (or to the statistics before round 1, or to the fairness
 * audit after the last), the threshold is a strict majority of the roster (and never below the
 * study's minimum of hospitals), and the vector is the study's encoded update (or encoded feature
 * statistics, or fairness counts).
 */
public final class SecureRoundPlan {
    /** The fewest hospitals a study can have: a "sum" of one input would be that hospital's update. */
    public static final int MIN_HOSPITALS = 2;

    private SecureRoundPlan() {
    }

    /** The session of round {@code round} (1 and up), which sums the participants' updates. */
    public static SecAggConfig config(StudyDefinition study, int round, List<String> roster) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds are numbered from 1, got " + round);
        }
        requireHospitals(roster);
        return session(study, "/round-" + round + "/model", roster,
                SecureUpdateEncoding.forStudy(study.request(), roster.size()).vectorLength(), SecureUpdateEncoding.MODULUS_BITS);
    }

    /**
     * The session before round 1 that sums the participants' feature statistics, from which the
     * consortium's standardization follows (only for studies that use it: see
     * {@link TrainingPlan#usesConsortiumStatistics()}).
     */
    public static SecAggConfig statisticsConfig(StudyDefinition study, List<String> roster) {
        requireHospitals(roster);
        return session(study, "/statistics", roster,
                FeatureStatisticsEncoding.forStudy(study.request(), roster.size()).vectorLength(), FeatureStatisticsEncoding.MODULUS_BITS);
    }

    /**
     * The session after the last round that sums the participants' fairness counts (only for
     * studies that declare an audit: see {@link StudyRequest#audited()}).
     */
    public static SecAggConfig auditConfig(StudyDefinition study, List<String> roster) {
        requireHospitals(roster);
        return session(study, "/fairness-audit", roster,
                FairnessCountsEncoding.forStudy(study.request(), roster.size()).vectorLength(), FairnessCountsEncoding.MODULUS_BITS);
    }

    private static SecAggConfig session(StudyDefinition study, String labelSuffix, List<String> roster, int vectorLength,
                                        int modulusBits) {
        return new SecAggConfig(study.id() + labelSuffix, roster.stream().sorted().toList(),
                threshold(roster.size(), study.request().plan().minNodes()), vectorLength, modulusBits);
    }

    private static void requireHospitals(List<String> roster) {
        if (roster.size() < MIN_HOSPITALS) {
            throw new IllegalArgumentException("secure aggregation needs at least " + MIN_HOSPITALS + " hospitals, got " + roster.size());
        }
    }

    /** A strict majority of the roster, at least two, and at least the study's minimum of hospitals. */
    static int threshold(int rosterSize, int minNodes) {
        return Math.max(Math.max(MIN_HOSPITALS, minNodes), rosterSize / 2 + 1);
    }
}
