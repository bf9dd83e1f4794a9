package org.fedomics.crypto.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import com.nimbusds.jose.JOSEException;

/**
 * A verification key the {@link TokenVerifier} trusts, with the algorithms allowed for it.
 * Only ES256 on P-256 is supported, so a token can never pick a weaker algorithm or a
 * symmetric one keyed with public bytes.
 */
public record PinnedKey(String keyId, ECPublicKey key, Set<String> algorithms) {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    static final String ES256 = JWSAlgorithm.ES256.getName();

    public PinnedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        algorithms = Set.copyOf(algorithms);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id must match [A-Za-z0-9_-]{1,128}");
        }
        if (algorithms.isEmpty() || !Set.of(ES256).containsAll(algorithms)) {
            throw new IllegalArgumentException("only ES256 is supported, not " + algorithms);
        }
        try {
            Es256Signatures.requireP256(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("pinned key " + keyId + " is not a valid P-256 public key", e);
        }
    }

    /** An ES256 key whose id is its SHA-256 JWK thumbprint (what {@link TokenIssuer} writes by default). */
    public static PinnedKey es256(ECPublicKey key) {
        return new PinnedKey(KeyIds.thumbprint(key), key, Set.of(ES256));
    }

    /**
     * Imports a public JWK. Refused: private keys, non-P-256 keys, keys marked for encryption
     * ({@code use} other than {@code sig}, {@code key_ops} without {@code verify}) or for
     * another algorithm. Without a {@code kid} the thumbprint is used.
     */
    public static PinnedKey fromJwk(String jwkJson) {
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a valid JWK", e);
        }
        if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve())) {
            throw new IllegalArgumentException("JWK is not an EC P-256 key");
        }
        if (jwk.isPrivate()) {
            throw new IllegalArgumentException("JWK contains private key material; pin public keys only");
        }
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("JWK use is " + jwk.getKeyUse() + ", not sig");
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw new IllegalArgumentException("JWK key_ops do not include verify");
        }
        if (jwk.getAlgorithm() != null && !ES256.equals(jwk.getAlgorithm().getName())) {
            throw new IllegalArgumentException("JWK alg is " + jwk.getAlgorithm() + ", not ES256");
        }
        try {
            ECPublicKey key = ec.toECPublicKey();
            String keyId = jwk.getKeyID() != null ? jwk.getKeyID() : KeyIds.thumbprint(key);
            return new PinnedKey(keyId, key, Set.of(ES256));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("JWK is not a valid EC public key", e);
        }
    }

    @Override
    public String toString() {
        return "PinnedKey[kid=" + keyId + ", algorithms=" + algorithms + "]";
    }
}
