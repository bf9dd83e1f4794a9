package org.fedomics.crypto.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSObject;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies artifacts signed by {@link ArtifactSigner} against one pinned public key. Only ES256;
 * the header must carry exactly the expected {@code typ}; keys are never taken from the token.
 * Every failure is the same "invalid signature" to the caller; the reason is logged at debug.
 */
public final class ArtifactVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactVerifier.class);

    private final ECPublicKey pinnedKey;
    private final String expectedType;

    public ArtifactVerifier(ECPublicKey pinnedKey, String expectedType) {
        this.pinnedKey = Objects.requireNonNull(pinnedKey, "pinnedKey");
        this.expectedType = Objects.requireNonNull(expectedType, "expectedType");
        try {
            Es256Signatures.requireP256(pinnedKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("pinned key must be a P-256 public key", e);
        }
    }

    /** Pins the public key of a (consortium) certificate, e.g. the coordinator's for model releases. */
    public static ArtifactVerifier forCertificate(X509Certificate certificate, String expectedType) {
        if (!(certificate.getPublicKey() instanceof ECPublicKey key)) {
            throw new IllegalArgumentException("certificate key is not an EC key");
        }
        return new ArtifactVerifier(key, expectedType);
    }

    /** The signed payload, if and only if the JWS is a valid ES256 signature by the pinned key with the expected type. */
    public byte[] verify(String compactJws) throws GeneralSecurityException {
        try {
            JWSObject jws = Es256Jws.parse(compactJws);
            JOSEObjectType type = jws.getHeader().getType();
            if (type == null || !expectedType.equals(type.getType())) {
                throw new Es256Jws.Rejected("typ " + type + " is not " + expectedType);
            }
            Es256Jws.verifySignature(jws, pinnedKey);
            return jws.getPayload().toBytes();
        } catch (Es256Jws.Rejected e) {
            LOG.debug("artifact of type {} rejected: {}", expectedType, e.getMessage());
            throw new GeneralSecurityException("invalid signature");
        }
    }

    @Override
    public String toString() {
        return "ArtifactVerifier[typ=" + expectedType + ", kid=" + KeyIds.thumbprint(pinnedKey) + "]";
    }
}
