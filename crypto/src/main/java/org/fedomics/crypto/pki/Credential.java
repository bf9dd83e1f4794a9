package org.fedomics.crypto.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import org.fedomics.crypto.PrivateFiles;
import org.fedomics.crypto.aead.Passphrase;

/**
 * A participant's private key with its certificate and the consortium CA certificate: what a
 * service needs to speak mutual TLS and to sign.
 */
public record Credential(PrivateKey privateKey, X509Certificate certificate, X509Certificate caCertificate) {

    static final String ALIAS = "credential";

    public Credential {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** The identity named in the certificate's subject. */
    public ParticipantIdentity identity() {
        return PeerIdentity.of(certificate);
    }

    /** Writes key and chain (certificate, CA certificate) to a PKCS#12 file, atomically and owner-only. */
    public void writePkcs12(Path file, Passphrase passphrase) throws IOException {
        char[] password = passphrase.chars();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, new Certificate[] {certificate, caCertificate});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            PrivateFiles.write(file, bytes.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write credential keystore " + file, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Reads a credential written by {@link #writePkcs12}.
     *
     * @throws GeneralSecurityException "wrong passphrase or corrupted keystore" naming the file
     */
    public static Credential readPkcs12(Path file, Passphrase passphrase) throws IOException, GeneralSecurityException {
        KeyStore store = Keystores.load(file, passphrase, "credential");
        char[] password = passphrase.chars();
        try {
            if (!store.isKeyEntry(ALIAS)) {
                throw new GeneralSecurityException("keystore " + file + " holds no credential entry '" + ALIAS + "'");
            }
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
            Certificate[] chain = store.getCertificateChain(ALIAS);
            if (chain == null || chain.length < 2) {
                throw new GeneralSecurityException("credential keystore " + file + " lacks the CA certificate in its chain");
            }
            return new Credential(key, (X509Certificate) chain[0], (X509Certificate) chain[chain.length - 1]);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "Credential[subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", privateKey=redacted]";
    }

    /** Loading PKCS#12 files with one clear error for a wrong passphrase. */
    static final class Keystores {
        private Keystores() {
        }

        static KeyStore load(Path file, Passphrase passphrase, String what) throws IOException, GeneralSecurityException {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new IOException(what + " keystore " + file + " does not exist", e);
            }
            char[] password = passphrase.chars();
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(new ByteArrayInputStream(bytes), password);
                return store;
            } catch (IOException e) {
                // KeyStore reports a wrong password as an IOException caused by UnrecoverableKeyException
                throw new GeneralSecurityException("wrong passphrase or corrupted keystore " + file, e);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }
}
