package org.fedomics.crypto.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM text for Vert.x key and trust options, written by BouncyCastle. */
final class Pem {

    private Pem() {
    }

    /** "PRIVATE KEY" (PKCS#8): Vert.x's own parser mishandles BouncyCastle's "EC PRIVATE KEY" form. */
    static String encodePkcs8(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException("cannot PEM-encode private key", e);
        }
    }

    static String encode(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot PEM-encode key material", e);
        }
        return text.toString();
    }
}
