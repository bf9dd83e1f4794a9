package org.fedomics.crypto.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.security.interfaces.ECPublicKey;

/** Key ids for JWS headers: the RFC 7638 SHA-256 JWK thumbprint of the public key. */
public final class KeyIds {

    private KeyIds() {
    }

    /** The base64url SHA-256 JWK thumbprint of a P-256 public key. */
    public static String thumbprint(ECPublicKey key) {
        try {
            return new ECKey.Builder(Curve.P_256, key).build().computeThumbprint("SHA-256").toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot compute key thumbprint", e);
        }
    }
}
