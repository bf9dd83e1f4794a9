package org.fedomics.consent.api;

import java.util.List;

/**
 * One of the patient's ledger leaves. {@code leafData} is the leaf's 65 bytes in base64 (version
 * 1, the 32-byte commitment, the 32-byte SHA-256 of {@code body}); {@code leafHash} is
 * SHA-256(0x00 || leafData); {@code body} is the event exactly as stored (hash its UTF-8 bytes);
 * {@code inclusionProof} the audit path (base64 hashes, leaf side first) to the tree's root.
 */
public record LedgerEntryView(long leafIndex, String leafData, String leafHash, String body, List<String> inclusionProof) {
    public LedgerEntryView {
        inclusionProof = List.copyOf(inclusionProof);
    }
}
