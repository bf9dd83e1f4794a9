package org.fedomics.node.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The training set of one parameter block: the records it trains on, standardized as the study
 * says (see {@link BlockStandardization}), and the standardizer to apply to that block's held-out records.
 */
public record BlockTraining(List<LabeledRecord> records, Standardizer standardizer) {
    public BlockTraining {
        records = List.copyOf(records);
    }

    public static BlockTraining of(FeatureAlignment rows, List<CohortMember> members, int block, BlockStandardization standardization) {
        List<double[]> raw = new ArrayList<>(members.size());
        for (CohortMember m : members) {
            raw.add(rows.row(m.sampleId()));
        }
        Standardizer standardizer = standardization.forBlock(block, raw);
        List<LabeledRecord> records = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            records.add(new LabeledRecord(members.get(i).sampleId(), standardizer.apply(raw.get(i)), members.get(i).label()));
        }
        return new BlockTraining(records, standardizer);
    }

    /** Members trained on by block {@code block}: all but that fold, or everyone for the final block. */
    public static List<CohortMember> membersOf(List<CohortMember> permitted, int block, int folds) {
        return permitted.stream().filter(m -> block == folds || m.fold() != block).toList();
    }
}
