package org.fedomics.node.training;

import java.util.List;
import org.fedomics.consent.study.FeatureStandardization;
import org.fedomics.consent.study.TrainedStudy;

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
     * The standardization a study trains with: the consortium's when it has one (which
     * {@link TrainedStudy#of} checked against the study), else each block's own records.
     */
    static BlockStandardization forStudy(TrainedStudy study) {
        return study.standardization().map(BlockStandardization::consortium).orElseGet(BlockStandardization::ownRecords);
    }
}
