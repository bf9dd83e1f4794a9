package org.fedomics.crypto.token;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Hand-made JWS for attack tests: header and payload as raw JSON text, signed or not. */
final class Forge {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Forge() {
    }

    static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String text) {
        return B64.encodeToString(text.getBytes(UTF_8));
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static String signingInput(String headerJson, String payloadJson) {
        return b64(headerJson) + "." + b64(payloadJson);
    }

    /** ES256 over the given header and payload, with the JDK's P1363 signer (64 bytes). */
    static String es256(String headerJson, String payloadJson, ECPrivateKey key) {
        String input = signingInput(headerJson, payloadJson);
        return input + "." + b64(p1363(input.getBytes(UTF_8), key));
    }

    static byte[] p1363(byte[] message, ECPrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(byte[] message, ECPrivateKey key) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String withSignature(String headerJson, String payloadJson, byte[] signature) {
        return signingInput(headerJson, payloadJson) + "." + b64(signature);
    }

    static String hs256(String headerJson, String payloadJson, byte[] macKey) {
        try {
            String input = signingInput(headerJson, payloadJson);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(macKey, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
