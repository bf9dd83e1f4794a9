package org.fedomics.consent.api;

import java.util.List;

/**
 * A patient's own ledger entries, each with its inclusion proof in the tree of {@code treeSize}
 * leaves whose root is {@code rootHash} (base64). {@code signedHead} is the service's signed head
 * of that size (null if it signed none at a size the patient chose). {@code commitmentKey} (base64,
 * null until the first entry) lets the patient check each leaf's commitment to their pseudonym.
 */
public record PatientLedgerView(String pseudonym, String commitmentKey, long treeSize, String rootHash, TreeHeadView signedHead,
                                List<LedgerEntryView> entries) {
    public PatientLedgerView {
        entries = List.copyOf(entries);
    }

    @Override
    public String toString() {
        return "PatientLedgerView[pseudonym=" + pseudonym + ", commitmentKey=redacted, treeSize=" + treeSize + ", entries="
                + entries.size() + "]";
    }
}
