package org.fedomics.consent.ledger;

import java.util.List;
import java.util.Objects;

/**
 * A patient's entries in the tree of {@code treeSize} leaves whose root is {@code root}, each with
 * its inclusion proof against that tree, and the patient's commitment key (null while the patient
 * has no entries, as no key has been made yet).
 */
public record PatientLedger(String pseudonym, long treeSize, Hash root, CommitmentKey commitmentKey, List<LedgerEntry> entries) {
    public PatientLedger {
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(root, "root");
        entries = List.copyOf(entries);
        if (!entries.isEmpty() && commitmentKey == null) {
            throw new IllegalArgumentException("a patient with entries has a commitment key");
        }
    }
}
