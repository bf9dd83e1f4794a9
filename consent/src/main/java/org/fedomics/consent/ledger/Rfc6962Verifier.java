package org.fedomics.consent.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies inclusion and consistency proofs of an RFC 6962 log, as RFC 9162 sections 2.1.3.2 and
 * 2.1.4.2 describe. It needs nothing but the proof, the sizes and the hashes, so a patient's
 * portal or an auditor can check the log without trusting whoever serves it. Written apart from
 * the proof generator on purpose: the two share no code, so a mistake in one cannot hide one in
 * the other.
 */
public final class Rfc6962Verifier {

    private Rfc6962Verifier() {
    }

    /**
     * The root an inclusion proof leads to from a leaf hash.
     *
     * @throws InvalidProofException if the index is not in the tree or the proof has the wrong length for it
     */
    public static Hash rootFromInclusionProof(long index, long size, Hash leafHash, List<Hash> proof)
            throws InvalidProofException {
        Objects.requireNonNull(leafHash, "leafHash");
        requireElements(proof);
        if (size < 1 || index < 0 || index >= size) {
            throw new InvalidProofException("leaf index " + index + " is not in a tree of " + size + " leaves");
        }
        long fn = index;
        long sn = size - 1;
        Hash r = leafHash;
        for (int i = 0; i < proof.size(); i++) {
            if (sn == 0) {
                throw new InvalidProofException("the inclusion proof has " + proof.size() + " hashes; leaf " + index
                        + " of a tree of " + size + " needs " + i);
            }
            Hash p = proof.get(i);
            if ((fn & 1) == 1 || fn == sn) {
                r = Rfc6962.hashChildren(p, r);
                // On the right edge, levels where this subtree has no right sibling are skipped.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = Rfc6962.hashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("the inclusion proof has " + proof.size() + " hashes, too few for leaf "
                    + index + " of a tree of " + size);
        }
        return r;
    }

    /** Checks that the leaf with this hash is at {@code index} in the tree of {@code size} leaves with this root. */
    public static void verifyInclusion(long index, long size, Hash leafHash, List<Hash> proof, Hash root)
            throws InvalidProofException {
        Objects.requireNonNull(root, "root");
        Hash computed = rootFromInclusionProof(index, size, leafHash, proof);
        if (!computed.equals(root)) {
            throw new InvalidProofException("the inclusion proof of leaf " + index + " does not lead to the root of the tree of "
                    + size + " leaves");
        }
    }

    /**
     * Checks that the tree of {@code size2} leaves with {@code root2} only appended to the tree of
     * {@code size1} leaves with {@code root1}: same first {@code size1} leaves, nothing rewritten.
     */
    public static void verifyConsistency(long size1, long size2, List<Hash> proof, Hash root1, Hash root2)
            throws InvalidProofException {
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        requireElements(proof);
        if (size1 < 0 || size2 < size1) {
            throw new InvalidProofException("a log never shrinks: no tree of " + size2 + " leaves extends one of " + size1);
        }
        if (size1 == size2 || size1 == 0) {
            if (!proof.isEmpty()) {
                throw new InvalidProofException("the consistency proof from size " + size1 + " to " + size2 + " must be empty, it has "
                        + proof.size() + " hashes");
            }
            if (size1 == 0 && !root1.equals(Rfc6962.EMPTY_ROOT)) {
                throw new InvalidProofException("the root of the empty tree is SHA-256 of nothing, not " + root1);
            }
            if (size1 == size2 && !root1.equals(root2)) {
                throw new InvalidProofException("two different roots for the same size " + size1 + ": the log forked");
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new InvalidProofException("the consistency proof from size " + size1 + " to " + size2 + " is empty");
        }
        List<Hash> path = new ArrayList<>(proof.size() + 1);
        // When the old tree is a complete subtree of the new one, its root is the proof's starting point.
        if (Long.bitCount(size1) == 1) {
            path.add(root1);
        }
        path.addAll(proof);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        Hash fr = path.get(0);
        Hash sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            if (sn == 0) {
                throw new InvalidProofException("the consistency proof from size " + size1 + " to " + size2
                        + " has more hashes than it needs");
            }
            Hash c = path.get(i);
            if ((fn & 1) == 1 || fn == sn) {
                fr = Rfc6962.hashChildren(c, fr);
                sr = Rfc6962.hashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = Rfc6962.hashChildren(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new InvalidProofException("the consistency proof from size " + size1 + " to " + size2 + " has too few hashes");
        }
        if (!fr.equals(root1)) {
            throw new InvalidProofException("the consistency proof does not lead to the root of size " + size1
                    + ": the log's first " + size1 + " leaves are not the ones that tree head signed");
        }
        if (!sr.equals(root2)) {
            throw new InvalidProofException("the consistency proof does not lead to the root of size " + size2);
        }
    }

    private static void requireElements(List<Hash> proof) {
        Objects.requireNonNull(proof, "proof");
        for (Hash hash : proof) {
            Objects.requireNonNull(hash, "proof element");
        }
    }
}
