package org.fedomics.consent.ledger;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.fedomics.crypto.pki.PeerIdentity;
import org.fedomics.crypto.token.ArtifactVerifier;

/**
 * Checks a signed tree head: an ES256 JWS of type {@value SignedTreeHead#TYPE} by the pinned key,
 * whose payload is a well-formed checkpoint of the expected origin. Independent of any store.
 */
public final class TreeHeadVerifier {
    private final ArtifactVerifier verifier;
    private final String origin;

    public TreeHeadVerifier(ArtifactVerifier verifier, String origin) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.origin = Checkpoint.requireOrigin(origin);
    }

    /** Pins the consent service's consortium certificate; the origin follows from its identity. */
    public static TreeHeadVerifier forCertificate(X509Certificate consentService) {
        return new TreeHeadVerifier(ArtifactVerifier.forCertificate(consentService, SignedTreeHead.TYPE),
                TreeHeadSigner.originOf(PeerIdentity.of(consentService).name()));
    }

    /**
     * The checkpoint a signed tree head vouches for.
     *
     * @throws GeneralSecurityException if the signature, type, payload or origin is not right
     */
    public Checkpoint verify(String jws) throws GeneralSecurityException {
        byte[] payload = verifier.verify(jws);
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw new InvalidProofException("the signed tree head's payload is not a checkpoint: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new InvalidProofException("the tree head is for log '" + checkpoint.origin() + "', not '" + origin + "'");
        }
        return checkpoint;
    }
}
