package org.fedomics.consent.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.token.ArtifactSigner;

/** Signs the ledger's tree heads with the consent service's consortium identity. */
public final class TreeHeadSigner {
    private final ArtifactSigner signer;
    private final String origin;

    public TreeHeadSigner(ArtifactSigner signer, String origin) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.origin = Checkpoint.requireOrigin(origin);
    }

    /** Signs with the consent service's credential, under the origin that names its identity. */
    public static TreeHeadSigner of(Credential consentService) {
        return new TreeHeadSigner(new ArtifactSigner(consentService), originOf(consentService.identity().name()));
    }

    /** The checkpoint origin of the ledger kept by the consent service with this name. */
    public static String originOf(String consentServiceName) {
        return "fedomics/" + consentServiceName + "/ledger";
    }

    public String origin() {
        return origin;
    }

    public String keyId() {
        return signer.keyId();
    }

    public SignedTreeHead sign(long size, Hash root) {
        Checkpoint checkpoint = new Checkpoint(origin, size, root);
        return new SignedTreeHead(checkpoint, signer.sign(checkpoint.text().getBytes(StandardCharsets.UTF_8), SignedTreeHead.TYPE));
    }
}
