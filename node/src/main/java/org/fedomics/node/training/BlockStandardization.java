package org.fedomics.node.training;

import java.util.List;
import java.util.Optional;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.StudyRequest;

/**
 * Where a parameter block's standardizer comes from: the consortium's means and standard
 * deviations for that block, or the block's own training records at this hospital.
 */
@FunctionalInterface
public interface BlockStandardization {

    /** The standardizer of parameter block {@code block}, whose training records (unstandardized) are {@code trainingRows}. */
    Standardizer forBlock(int block, List<double[]> trainingRows);

    /** Each block standardized with its own training records' statistics. */
    static BlockStandardization ownRecords() {
        return (block, rows) -> Standardizer.fit(rows);
    }

    /** Each block standardized with the consortium's means and standard deviations for it. */
    static BlockStandardization consortium(FeatureStandardization standardization) {
        return (block, rows) -> Standardizer.of(standardization.means(block), standardization.sds(block));
    }

    /**
     * The standardization a study asks for: the consortium's when its plan uses consortium
     * statistics (which must then be given, of the study's shape), else each block's own records.
     */
    static BlockStandardization forStudy(StudyRequest study, Optional<FeatureStandardization> consortium) {
        if (!study.plan().usesConsortiumStatistics()) {
            return ownRecords();
        }
        FeatureStandardization given = consortium.orElseThrow(() -> new IllegalArgumentException(
                "the study standardizes with the consortium's statistics, and none were given"));
        if (!given.fits(study)) {
            throw new IllegalArgumentException("a standardization of " + given.blocks() + " blocks x " + given.features()
                    + " features does not fit the study's " + study.plan().blocks() + " x " + study.features().size());
        }
        return consortium(given);
    }
}
