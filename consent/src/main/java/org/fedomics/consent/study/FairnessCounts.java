package org.fedomics.consent.study;

/**
 * Per protected attribute, group and true label, how many records fell in each score bin, laid out
 * as {@link FairnessPlan#offset} says. Either one node's own counts, which leave it only masked
 * inside a secure sum, or the consortium's sum of them, which is all the coordinator learns.
 */
public final class FairnessCounts {
    private final FairnessPlan plan;
    private final long[] cells;

    public FairnessCounts(FairnessPlan plan, long[] cells) {
        if (cells.length != plan.cells()) {
            throw new IllegalArgumentException(cells.length + " counts do not fit the audit's " + plan.cells() + " cells");
        }
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] < 0) {
                throw new IllegalArgumentException("count " + i + " is negative: " + cells[i]);
            }
        }
        this.plan = plan;
        this.cells = cells.clone();
    }

    public FairnessPlan plan() {
        return plan;
    }

    public long count(int attribute, int group, boolean positive, int bin) {
        return cells[plan.offset(attribute, group, positive, bin)];
    }

    /** The score histogram of one group's records with one true label. */
    public long[] histogram(int attribute, int group, boolean positive) {
        long[] out = new long[plan.scoreBins()];
        System.arraycopy(cells, plan.offset(attribute, group, positive, 0), out, 0, out.length);
        return out;
    }

    /** Every record counted under an attribute (each record falls in exactly one of its groups). */
    public long records(int attribute) {
        long total = 0;
        int groups = plan.attributes().get(attribute).allGroups().size();
        for (int g = 0; g < groups; g++) {
            for (boolean positive : new boolean[] {false, true}) {
                for (long n : histogram(attribute, g, positive)) {
                    total += n;
                }
            }
        }
        return total;
    }

    public long[] toArray() {
        return cells.clone();
    }
}
