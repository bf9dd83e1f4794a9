package org.fedomics.crypto.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Set;

/**
 * The one verification path for every ES256 JWS fedomics accepts (artifacts and tokens).
 * Parsing is nimbus-jose-jwt's; on top of it this pins the algorithm, allows only the header
 * parameters fedomics itself writes (so {@code jwk}, {@code jku}, {@code x5u}, {@code x5c},
 * {@code crit}, {@code b64} and anything unknown are refused rather than ignored), requires
 * canonical base64url, and checks the signature with {@link Es256Signatures}.
 */
final class Es256Jws {

    static final Set<String> ALLOWED_HEADER = Set.of("alg", "typ", "kid");

    private Es256Jws() {
    }

    /** Why a JWS was refused; specific, for the local debug log only. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }

        Rejected(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /** Parses and checks everything except the signature. */
    static JWSObject parse(String compact) throws Rejected {
        if (compact == null || compact.isEmpty()) {
            throw new Rejected("empty");
        }
        if (compact.length() > 64 * 1024 * 1024) {
            throw new Rejected("too long");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new Rejected("unparseable: " + e.getMessage(), e);
        }
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            throw new Rejected("algorithm " + jws.getHeader().getAlgorithm() + " not allowed");
        }
        for (String parameter : jws.getHeader().getIncludedParams()) {
            if (!ALLOWED_HEADER.contains(parameter)) {
                throw new Rejected("header parameter '" + parameter + "' not allowed");
            }
        }
        for (Base64URL part : jws.getParsedParts()) {
            if (!Base64URL.encode(part.decode()).toString().equals(part.toString())) {
                throw new Rejected("non-canonical base64url");
            }
        }
        return jws;
    }

    /** Checks the ES256 signature of a parsed JWS against one pinned key. */
    static void verifySignature(JWSObject jws, ECPublicKey key) throws Rejected {
        byte[] signature = jws.getSignature().decode();
        if (signature.length != Es256Signatures.SIGNATURE_BYTES) {
            throw new Rejected("signature is " + signature.length + " bytes, not 64");
        }
        if (!Es256Signatures.verifyP1363(key, jws.getSigningInput(), signature)) {
            throw new Rejected("signature does not verify");
        }
    }

    /** Parse and verify; returns the payload bytes. */
    static byte[] verify(String compact, ECPublicKey key) throws Rejected {
        JWSObject jws = parse(compact);
        verifySignature(jws, key);
        return jws.getPayload().toBytes();
    }
}
