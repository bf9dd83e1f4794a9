package org.fedomics.consent.study;

import org.fedomics.crypto.secagg.SecAggConfig;

/**
 * A node's fairness counts as the vector secure aggregation sums, and the consortium's counts from
 * the sum. Counts are whole numbers, so they are sent as they are, modulo 2^{@value #MODULUS_BITS}:
 * no fixed point.
 *
 * <p>Nothing can wrap: a node counts fewer than 2^20 records (it refuses to encode more), so each
 * of its cells is below 2^20, and a roster has at most {@link SecAggConfig#MAX_ROSTER} (1000 &lt;
 * 2^10) nodes, so every summed cell is below 2^30 &lt; 2^{@value #MODULUS_BITS}: the sum modulo
 * 2^{@value #MODULUS_BITS} is the exact sum.
 */
public final class FairnessCountsEncoding {
    public static final int MODULUS_BITS = 32;
    static final long MAX_RECORDS = 1L << 20;
    private final FairnessPlan plan;
    private final int rosterSize;

    private FairnessCountsEncoding(FairnessPlan plan, int rosterSize) {
        if (rosterSize < 1 || rosterSize > SecAggConfig.MAX_ROSTER) {
            throw new IllegalArgumentException("a roster of " + rosterSize + " nodes is outside 1.." + SecAggConfig.MAX_ROSTER);
        }
        this.plan = plan;
        this.rosterSize = rosterSize;
    }

    /** The encoding of a study's audit; the study must declare one. */
    public static FairnessCountsEncoding forStudy(StudyRequest request, int rosterSize) {
        FairnessPlan plan = request.fairness();
        if (plan == null) {
            throw new IllegalArgumentException("the study declares no fairness audit");
        }
        return new FairnessCountsEncoding(plan, rosterSize);
    }

    public int vectorLength() {
        return plan.cells();
    }

    /**
     * A node's counts as its input to the secure sum.
     *
     * @throws IllegalArgumentException if the counts are not of the study's audit, count 2^20
     *     records or more, or count a different number of records under two attributes (each
     *     record falls in exactly one group of every attribute)
     */
    public long[] encode(FairnessCounts own) {
        if (!own.plan().equals(plan)) {
            throw new IllegalArgumentException("the counts are not of this study's fairness audit");
        }
        long records = requireConsistent(own, "a node's counts");
        if (records >= MAX_RECORDS) {
            throw new IllegalArgumentException(records + " records are more than a secure sum of counts can take");
        }
        return own.toArray();
    }

    /**
     * The consortium's counts from the secure sum of the nodes' encoded counts.
     *
     * @throws IllegalArgumentException if the sum is not one honest nodes can produce: a cell beyond
     *     what the roster's counts add up to, or attributes counting different numbers of records
     */
    public FairnessCounts decode(long[] sum) {
        if (sum.length != vectorLength()) {
            throw new IllegalArgumentException("a sum of " + sum.length + " elements does not fit the audit's " + vectorLength());
        }
        long ceiling = rosterSize * (MAX_RECORDS - 1);
        for (int i = 0; i < sum.length; i++) {
            if (sum[i] < 0 || sum[i] > ceiling) {
                throw new IllegalArgumentException("summed count " + i + " is " + sum[i] + ", beyond what " + rosterSize
                        + " nodes can count");
            }
        }
        FairnessCounts total = new FairnessCounts(plan, sum);
        requireConsistent(total, "the summed counts");
        return total;
    }

    private long requireConsistent(FairnessCounts counts, String what) {
        long first = counts.records(0);
        for (int a = 1; a < plan.attributes().size(); a++) {
            long records = counts.records(a);
            if (records != first) {
                throw new IllegalArgumentException(what + " are inconsistent: " + plan.attributes().get(0).column() + " counts "
                        + first + " records, " + plan.attributes().get(a).column() + " " + records);
            }
        }
        return first;
    }
}
