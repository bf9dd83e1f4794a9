package org.fedomics.consent.service;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fedomics.consent.api.ConsistencyProofView;
import org.fedomics.consent.api.LedgerEntryView;
import org.fedomics.consent.api.LedgerKeyView;
import org.fedomics.consent.api.PatientLedgerView;
import org.fedomics.consent.api.TreeHeadView;
import org.fedomics.consent.ledger.Checkpoint;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.InvalidProofException;
import org.fedomics.consent.ledger.LedgerEntry;
import org.fedomics.consent.ledger.PatientLedger;
import org.fedomics.consent.ledger.Rfc6962Verifier;
import org.fedomics.consent.ledger.SignedTreeHead;
import org.fedomics.consent.ledger.TreeHeadSigner;
import org.fedomics.consent.store.JdbcLedger;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.crypto.pki.Credential;

/**
 * The ledger's side of the consent service, blocking (JDBC): signed tree heads, a patient's own
 * entries with their inclusion proofs, and consistency proofs between sizes.
 *
 * <p>Heads are signed on demand, at most one per size, and a new head only after a consistency
 * proof from the largest head already signed verifies against the stored tree: the service never
 * signs two heads that contradict each other, even if its tables were edited behind its back.
 */
public final class LedgerService {
    private final JdbcLedger ledger;
    private final TreeHeadSigner signer;
    private final X509Certificate certificate;
    private final Clock clock;

    public LedgerService(JdbcLedger ledger, Credential consentService, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.signer = TreeHeadSigner.of(consentService);
        this.certificate = consentService.certificate();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The signed head of the ledger as it stands. */
    public ServiceResult<TreeHeadView> latestHead() {
        return ServiceResult.ok(view(signLatest()));
    }

    /**
     * The patient's entries with inclusion proofs against the tree of {@code treeSize} leaves, or
     * against the latest signed head when {@code treeSize} is null.
     */
    public ServiceResult<PatientLedgerView> entriesOf(String pseudonym, Long treeSize) {
        Objects.requireNonNull(pseudonym, "pseudonym");
        SignedTreeHead head;
        PatientLedger entries;
        if (treeSize == null) {
            head = signLatest();
            entries = ledger.patientLedger(pseudonym, head.checkpoint().size());
        } else {
            try {
                entries = ledger.patientLedger(pseudonym, treeSize);
            } catch (IllegalArgumentException e) {
                return ServiceResult.fail(BAD_REQUEST, e.getMessage());
            }
            head = ledger.signedHead(treeSize).orElse(null);
        }
        if (head != null && !head.checkpoint().root().equals(entries.root())) {
            throw new IllegalStateException("the stored tree of size " + entries.treeSize() + " no longer has the root the service signed");
        }
        List<LedgerEntryView> views = entries.entries().stream().map(LedgerService::view).toList();
        return ServiceResult.ok(new PatientLedgerView(pseudonym,
                entries.commitmentKey() == null ? null : entries.commitmentKey().base64(), entries.treeSize(),
                entries.root().base64(), head == null ? null : view(head), views));
    }

    /** The proof that the tree of {@code toSize} leaves extends the tree of {@code fromSize}. */
    public ServiceResult<ConsistencyProofView> consistency(long fromSize, long toSize) {
        try {
            List<Hash> proof = ledger.consistencyProof(fromSize, toSize);
            return ServiceResult.ok(new ConsistencyProofView(fromSize, toSize, base64(proof)));
        } catch (IllegalArgumentException e) {
            return ServiceResult.fail(BAD_REQUEST, e.getMessage());
        }
    }

    /** The public key tree heads are signed with, and the certificate that binds it to this service. */
    public ServiceResult<LedgerKeyView> key() {
        ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) certificate.getPublicKey())
                .keyID(signer.keyId()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build();
        try {
            return ServiceResult.ok(new LedgerKeyView(signer.origin(), signer.keyId(), jwk.toPublicJWK().toJSONObject(),
                    Base64.getEncoder().encodeToString(certificate.getEncoded())));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the consent service's certificate", e);
        }
    }

    /** The head of the ledger as it stands, signed now unless that size was signed before. */
    synchronized SignedTreeHead signLatest() {
        long size = ledger.size();
        Optional<SignedTreeHead> latest = ledger.latestSignedHead();
        if (latest.isPresent() && latest.get().checkpoint().size() == size) {
            return latest.get();
        }
        Hash root = ledger.root(size);
        if (latest.isPresent()) {
            requireExtends(latest.get().checkpoint(), size, root);
        }
        return ledger.saveSignedHead(signer.sign(size, root), clock.instant());
    }

    private void requireExtends(Checkpoint signed, long size, Hash root) {
        if (signed.size() > size) {
            throw new IllegalStateException("the ledger has " + size + " leaves but the service signed a head of " + signed.size()
                    + ": refusing to sign a head that contradicts it");
        }
        try {
            Rfc6962Verifier.verifyConsistency(signed.size(), size, ledger.consistencyProof(signed.size(), size), signed.root(), root);
        } catch (InvalidProofException e) {
            throw new IllegalStateException("the ledger does not extend the head signed at size " + signed.size()
                    + ": refusing to sign (" + e.getMessage() + ")", e);
        }
    }

    private static TreeHeadView view(SignedTreeHead head) {
        Checkpoint c = head.checkpoint();
        return new TreeHeadView(c.origin(), c.size(), c.root().base64(), c.text(), head.jws());
    }

    private static LedgerEntryView view(LedgerEntry entry) {
        return new LedgerEntryView(entry.leafIndex(), Base64.getEncoder().encodeToString(entry.leafData().bytes()),
                entry.leafData().leafHash().base64(), entry.body(), base64(entry.inclusionProof()));
    }

    private static List<String> base64(List<Hash> hashes) {
        return hashes.stream().map(Hash::base64).toList();
    }
}
