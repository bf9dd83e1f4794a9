package org.fedomics.coordinator.fairness;

/**
 * Which of an attribute's group counts an audit may publish exactly. A count from 1 to below the
 * minimum is withheld (a re-identification risk; an empty group has no one to single out, and a
 * zero is published), and so is any count from which a withheld one could be
 * worked out: a group's positives and negatives go together (the group's records are published,
 * so one gives the other), and when a column (records, positives or negatives) has exactly one
 * withheld group, the smallest other group of that column is withheld too (the column's total is
 * known: every attribute counts the same records, and the release states how many trained).
 * Withheld counts read "&lt;5" when below the minimum and "&gt;=5" otherwise.
 */
final class SmallCells {
    static final int RECORDS = 0;
    static final int POSITIVES = 1;
    static final int NEGATIVES = 2;

    private SmallCells() {
    }

    /** @param counts per column (records, positives, negatives), per group */
    static PublishedCount[][] publish(long[][] counts, int minimum) {
        int groups = counts[RECORDS].length;
        boolean[][] withheld = new boolean[3][groups];
        for (int column = 0; column < 3; column++) {
            for (int g = 0; g < groups; g++) {
                withheld[column][g] = counts[column][g] > 0 && counts[column][g] < minimum;
            }
        }
        // the pair rule after every step, so that a column whose second withheld count came from it is not withheld further
        pairs(withheld);
        boolean changed;
        do {
            changed = false;
            for (int column = 0; column < 3; column++) {
                if (complement(counts[column], withheld[column])) {
                    pairs(withheld);
                    changed = true;
                }
            }
        } while (changed);
        PublishedCount[][] out = new PublishedCount[3][groups];
        for (int column = 0; column < 3; column++) {
            for (int g = 0; g < groups; g++) {
                long n = counts[column][g];
                out[column][g] = !withheld[column][g] ? PublishedCount.exact(n)
                        : n < minimum ? PublishedCount.below(minimum) : PublishedCount.atLeast(minimum);
            }
        }
        return out;
    }

    /** Withholds a group's positives with its negatives and the other way round. */
    private static void pairs(boolean[][] withheld) {
        for (int g = 0; g < withheld[POSITIVES].length; g++) {
            if (withheld[POSITIVES][g] || withheld[NEGATIVES][g]) {
                withheld[POSITIVES][g] = true;
                withheld[NEGATIVES][g] = true;
            }
        }
    }

    /** With exactly one withheld count in a column, withholds the smallest exact one too; true if it did. */
    private static boolean complement(long[] column, boolean[] withheld) {
        int count = 0;
        int smallest = -1;
        for (int g = 0; g < column.length; g++) {
            if (withheld[g]) {
                count++;
            } else if (smallest < 0 || column[g] < column[smallest]) {
                smallest = g;
            }
        }
        if (count != 1 || smallest < 0) {
            return false;
        }
        withheld[smallest] = true;
        return true;
    }
}
