package org.fedomics.consent.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which subtree hashes a proof lists, as leaf ranges, following the recursive definitions of
 * RFC 9162 section 2.1.3.1 (PATH) and 2.1.4.1 (PROOF / SUBPROOF), unrolled into loops. Every
 * range that occurs is aligned (it starts at a multiple of the largest power of two not above its
 * width), so it is a run of complete subtrees: at most one per proof is not itself a stored node.
 */
final class ProofPlans {

    /** Leaves {@code [begin, end)}. */
    record Range(long begin, long end) {
        long width() {
            return end - begin;
        }
    }

    private ProofPlans() {
    }

    /** The complete subtrees that make up an aligned range, left to right, widest first. */
    static List<NodeId> perfectNodes(long begin, long end) {
        List<NodeId> nodes = new ArrayList<>(Long.SIZE);
        long at = begin;
        while (at < end) {
            long width = Long.highestOneBit(end - at);
            if (at % width != 0) {
                throw new IllegalArgumentException("range [" + begin + ", " + end + ") is not aligned");
            }
            nodes.add(new NodeId(Long.numberOfTrailingZeros(width), at / width));
            at += width;
        }
        return nodes;
    }

    /** The largest power of two smaller than {@code n} (n >= 2): where RFC 6962 splits a tree. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** PATH(index, D[0:size]): the siblings from the leaf up to the root. */
    static List<Range> inclusion(long index, long size) {
        if (size < 1 || index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<Range> topDown = new ArrayList<>();
        long begin = 0;
        long end = size;
        while (end - begin > 1) {
            long k = split(end - begin);
            if (index < begin + k) {
                topDown.add(new Range(begin + k, end));
                end = begin + k;
            } else {
                topDown.add(new Range(begin, begin + k));
                begin = begin + k;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /** PROOF(size1, D[0:size2]); empty when size1 is 0 or equals size2. */
    static List<Range> consistency(long size1, long size2) {
        if (size1 < 0 || size2 < size1) {
            throw new IllegalArgumentException("no consistency proof from size " + size1 + " to size " + size2);
        }
        if (size1 == 0 || size1 == size2) {
            return List.of();
        }
        // SUBPROOF(m, D[begin:end], complete): m counts leaves of the old tree inside this range.
        List<Range> topDown = new ArrayList<>();
        long m = size1;
        long begin = 0;
        long end = size2;
        boolean complete = true;
        while (m != end - begin) {
            long k = split(end - begin);
            if (m <= k) {
                topDown.add(new Range(begin + k, end));
                end = begin + k;
            } else {
                topDown.add(new Range(begin, begin + k));
                m -= k;
                begin = begin + k;
                complete = false;
            }
        }
        if (!complete) {
            // The old tree's last subtree is not a subtree the verifier already knows the hash of.
            topDown.add(new Range(begin, end));
        }
        Collections.reverse(topDown);
        return topDown;
    }
}
