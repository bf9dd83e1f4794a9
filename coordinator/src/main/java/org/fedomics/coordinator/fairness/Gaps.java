package org.fedomics.coordinator.fairness;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.fedomics.consent.study.FairnessPlan.Criterion;

/**
 * The largest differences between groups: in selection rate (demographic parity), true positive
 * rate (equal opportunity), and true positive or false positive rate (equalized odds, over the
 * groups with both). A gap is null when fewer than two groups have enough records to compare.
 */
public record Gaps(Double demographicParity, Double equalOpportunity, Double equalizedOdds) {

    /** The gaps between these groups (those with a null metric left out of that gap). */
    static Gaps between(List<GroupReport> groups) {
        Double tpr = spread(groups, GroupReport::truePositiveRate);
        List<GroupReport> withBoth = groups.stream().filter(g -> g.truePositiveRate() != null && g.falsePositiveRate() != null).toList();
        Double odds = withBoth.size() < 2 ? null
                : Math.max(spread(withBoth, GroupReport::truePositiveRate), spread(withBoth, GroupReport::falsePositiveRate));
        return new Gaps(spread(groups, GroupReport::selectionRate), tpr, odds);
    }

    /** The largest of each gap over several attributes' gaps (null where none has it). */
    static Gaps largest(List<Gaps> all) {
        return new Gaps(max(all, Gaps::demographicParity), max(all, Gaps::equalOpportunity), max(all, Gaps::equalizedOdds));
    }

    public Double of(Criterion criterion) {
        return switch (criterion) {
            case DEMOGRAPHIC_PARITY -> demographicParity;
            case EQUAL_OPPORTUNITY -> equalOpportunity;
            case EQUALIZED_ODDS -> equalizedOdds;
        };
    }

    private static Double spread(List<GroupReport> groups, Function<GroupReport, Double> metric) {
        List<Double> values = groups.stream().map(metric).filter(Objects::nonNull).toList();
        if (values.size() < 2) {
            return null;
        }
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static Double max(List<Gaps> all, Function<Gaps, Double> gap) {
        return all.stream().map(gap).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }
}
