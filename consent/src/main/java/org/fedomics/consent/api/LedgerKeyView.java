package org.fedomics.consent.api;

import java.util.Map;

/**
 * The key that signs tree heads: its key id (the JWS {@code kid}), the public key as a JWK
 * (P-256), and the consent service's consortium certificate (base64 DER) that binds it.
 */
public record LedgerKeyView(String origin, String keyId, Map<String, Object> jwk, String certificate) {
    public LedgerKeyView {
        jwk = Map.copyOf(jwk);
    }
}
