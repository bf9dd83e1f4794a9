package org.fedomics.consent.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ways to spoil a valid proof, each named: a flipped bit in every position of every hash, hashes
 * added, removed or reordered, and wrong indices, sizes, leaves and roots. Every one must fail, in
 * this package's verifier and in the portal's script that verifies proofs in the browser.
 */
public final class ProofMutations {
    static final Hash SOME_HASH = Rfc6962.sha256("some other hash".getBytes(StandardCharsets.US_ASCII));
    static final Hash WRONG_LEAF = Rfc6962.hashLeaf("WrongLeaf".getBytes(StandardCharsets.US_ASCII));

    public record Inclusion(String what, long index, long size, Hash leafHash, List<Hash> proof, Hash root) {
    }

    public record Consistency(String what, long size1, long size2, List<Hash> proof, Hash root1, Hash root2) {
    }

    private ProofMutations() {
    }

    public static List<Inclusion> of(Inclusion valid) {
        long i = valid.index();
        long n = valid.size();
        Hash leaf = valid.leafHash();
        Hash root = valid.root();
        List<Hash> proof = valid.proof();
        List<Inclusion> out = new ArrayList<>();
        out.add(new Inclusion("index - 1", i - 1, n, leaf, proof, root));
        out.add(new Inclusion("index + 1", i + 1, n, leaf, proof, root));
        out.add(new Inclusion("index ^ 2", i ^ 2, n, leaf, proof, root));
        out.add(new Inclusion("size * 2", i, n * 2, leaf, proof, root));
        out.add(new Inclusion("size / 2", i, n / 2, leaf, proof, root));
        out.add(new Inclusion("index beyond the size", n, n, leaf, proof, root));
        out.add(new Inclusion("wrong leaf", i, n, WRONG_LEAF, proof, root));
        out.add(new Inclusion("empty tree's root", i, n, leaf, proof, Rfc6962.EMPTY_ROOT));
        out.add(new Inclusion("another root", i, n, leaf, proof, SOME_HASH));
        out.add(new Inclusion("trailing root", i, n, leaf, with(proof, proof.size(), root), root));
        out.add(new Inclusion("trailing hash", i, n, leaf, with(proof, proof.size(), SOME_HASH), root));
        out.add(new Inclusion("preceding root", i, n, leaf, with(proof, 0, root), root));
        out.add(new Inclusion("preceding hash", i, n, leaf, with(proof, 0, SOME_HASH), root));
        for (List<Hash> flipped : bitFlips(proof)) {
            out.add(new Inclusion("flipped bit", i, n, leaf, flipped, root));
        }
        if (!proof.isEmpty()) {
            out.add(new Inclusion("last hash removed", i, n, leaf, proof.subList(0, proof.size() - 1), root));
            out.add(new Inclusion("first hash removed", i, n, leaf, proof.subList(1, proof.size()), root));
            out.add(new Inclusion("empty proof", i, n, leaf, List.of(), root));
            out.add(new Inclusion("a hash inserted", i, n, leaf, with(proof, 1, SOME_HASH), root));
            out.add(new Inclusion("a hash replaced", i, n, leaf, replaced(proof, 0, SOME_HASH), root));
        }
        if (proof.size() > 1) {
            out.add(new Inclusion("two hashes swapped", i, n, leaf, swapped(proof), root));
        }
        return out;
    }

    public static List<Consistency> of(Consistency valid) {
        long m = valid.size1();
        long n = valid.size2();
        Hash r1 = valid.root1();
        Hash r2 = valid.root2();
        List<Hash> proof = valid.proof();
        Hash wrongRoot = Rfc6962.sha256("WrongRoot".getBytes(StandardCharsets.US_ASCII));
        List<Consistency> out = new ArrayList<>();
        out.add(new Consistency("size1 - 1", m - 1, n, proof, r1, r2));
        out.add(new Consistency("size1 + 1", m + 1, n, proof, r1, r2));
        out.add(new Consistency("size1 ^ 2", m ^ 2, n, proof, r1, r2));
        out.add(new Consistency("size2 * 2", m, n * 2, proof, r1, r2));
        out.add(new Consistency("size2 / 2", m, n / 2, proof, r1, r2));
        out.add(new Consistency("sizes swapped", n, m, proof, r1, r2));
        out.add(new Consistency("wrong root1", m, n, proof, wrongRoot, r2));
        out.add(new Consistency("wrong root2", m, n, proof, r1, wrongRoot));
        out.add(new Consistency("roots swapped", m, n, proof, r2, r1));
        out.add(new Consistency("empty proof", m, n, List.of(), r1, r2));
        out.add(new Consistency("trailing root1", m, n, with(proof, proof.size(), r1), r1, r2));
        out.add(new Consistency("trailing root2", m, n, with(proof, proof.size(), r2), r1, r2));
        out.add(new Consistency("trailing hash", m, n, with(proof, proof.size(), SOME_HASH), r1, r2));
        out.add(new Consistency("preceding root1", m, n, with(proof, 0, r1), r1, r2));
        out.add(new Consistency("preceding root2", m, n, with(proof, 0, r2), r1, r2));
        out.add(new Consistency("preceding proof[0]", m, n, with(proof, 0, proof.get(0)), r1, r2));
        out.add(new Consistency("last hash removed", m, n, proof.subList(0, proof.size() - 1), r1, r2));
        out.add(new Consistency("first hash removed", m, n, proof.subList(1, proof.size()), r1, r2));
        for (List<Hash> flipped : bitFlips(proof)) {
            out.add(new Consistency("flipped bit", m, n, flipped, r1, r2));
        }
        if (proof.size() > 1) {
            out.add(new Consistency("two hashes swapped", m, n, swapped(proof), r1, r2));
        }
        return out;
    }

    /** The proof with one bit flipped, for every bit of every hash. */
    static List<List<Hash>> bitFlips(List<Hash> proof) {
        List<List<Hash>> out = new ArrayList<>();
        for (int element = 0; element < proof.size(); element++) {
            for (int bit = 0; bit < Hash.LENGTH * 8; bit++) {
                out.add(replaced(proof, element, flip(proof.get(element), bit)));
            }
        }
        return out;
    }

    static Hash flip(Hash hash, int bit) {
        byte[] bytes = hash.bytes();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return Hash.of(bytes);
    }

    static List<Hash> with(List<Hash> proof, int at, Hash extra) {
        List<Hash> out = new ArrayList<>(proof);
        out.add(at, extra);
        return out;
    }

    static List<Hash> replaced(List<Hash> proof, int at, Hash replacement) {
        List<Hash> out = new ArrayList<>(proof);
        out.set(at, replacement);
        return out;
    }

    private static List<Hash> swapped(List<Hash> proof) {
        List<Hash> out = new ArrayList<>(proof);
        out.set(0, proof.get(1));
        out.set(1, proof.get(0));
        return out;
    }
}
