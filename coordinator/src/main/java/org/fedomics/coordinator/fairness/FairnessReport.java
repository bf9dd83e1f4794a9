package org.fedomics.coordinator.fairness;

import java.util.List;
import org.fedomics.consent.study.FairnessPlan.Criterion;

/**
 * A study's fairness audit as its release states it: the hospitals whose held-out records it
 * covers, the rules (decision threshold, score bins, the fewest records a metric or an exact count
 * needs, the criteria checked and the largest gap accepted), per attribute the groups' metrics and
 * gaps, the largest gaps over all attributes, whether the model passed, and in words why not.
 * It passes only if every checked criterion could be assessed for every attribute and no gap
 * exceeds {@code maxGap}.
 */
public record FairnessReport(List<String> hospitals, double threshold, int scoreBins, int minGroupSize, List<Criterion> criteria,
                             double maxGap, List<AttributeReport> attributes, Gaps gaps, boolean passed, List<String> findings) {
    public FairnessReport {
        hospitals = List.copyOf(hospitals);
        criteria = List.copyOf(criteria);
        attributes = List.copyOf(attributes);
        findings = List.copyOf(findings);
    }
}
