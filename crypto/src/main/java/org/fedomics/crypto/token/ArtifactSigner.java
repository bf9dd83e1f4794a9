package org.fedomics.crypto.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import java.util.Set;
import org.fedomics.crypto.pki.Credential;

/**
 * Signs artifacts (released models, consent snapshots) as compact JWS, ES256, with header
 * {@code typ} naming the artifact type and {@code kid} the key's SHA-256 JWK thumbprint.
 */
public final class ArtifactSigner {

    private final JWSSigner signer;
    private final String keyId;

    /** Signs with a consortium credential's P-256 key; the kid is the thumbprint of its certificate's key. */
    public ArtifactSigner(Credential credential) {
        this(ecPrivateKey(credential), KeyIds.thumbprint(ecPublicKey(credential)));
    }

    public ArtifactSigner(ECPrivateKey privateKey, String keyId) {
        Objects.requireNonNull(privateKey, "privateKey");
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        try {
            this.signer = new P256Signer(Es256Signatures.SigningKey.of(privateKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 signing key", e);
        }
    }

    /** nimbus writes header and payload; {@link Es256Signatures} signs (see there why not through the JCA). */
    private record P256Signer(Es256Signatures.SigningKey key) implements JWSSigner {
        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                throw new JOSEException("this key signs ES256 only, not " + header.getAlgorithm());
            }
            return Base64URL.encode(Es256Signatures.signP1363(key, signingInput));
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.ES256);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }

    /** A compact JWS of {@code payload} with {@code typ = type}. */
    public String sign(byte[] payload, String type) {
        Objects.requireNonNull(payload, "payload");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType(type))
                .keyID(keyId)
                .build();
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
        return jws.serialize();
    }

    /** The {@code kid} this signer writes. */
    public String keyId() {
        return keyId;
    }

    private static ECPrivateKey ecPrivateKey(Credential credential) {
        if (!(credential.privateKey() instanceof ECPrivateKey key)) {
            throw new IllegalArgumentException("credential key is not an EC key");
        }
        return key;
    }

    static ECPublicKey ecPublicKey(Credential credential) {
        if (!(credential.certificate().getPublicKey() instanceof ECPublicKey key)) {
            throw new IllegalArgumentException("credential certificate key is not an EC key");
        }
        try {
            Es256Signatures.requireP256(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("credential certificate key is not a P-256 key", e);
        }
        return key;
    }

    @Override
    public String toString() {
        return "ArtifactSigner[kid=" + keyId + "]";
    }
}
