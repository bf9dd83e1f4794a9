package org.fedomics.crypto.aead;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.fedomics.crypto.PrivateFiles;

/**
 * A node's master keys: AES-256 keys in a PKCS#12 keystore file, protected by a passphrase.
 * The newest key is current and wraps new data keys; older keys stay until every file wrapped
 * under them has been re-wrapped ({@link EncryptedFiles#rewrap}) and they are {@link #retire retired}.
 * Key ids are {@code master-000001}, {@code master-000002}, ... so "newest" is the largest.
 */
public final class MasterKeyStore {

    private static final String PREFIX = "master-";
    private static final Pattern KEY_ID = Pattern.compile("master-[0-9]{6}");

    private final Path file;
    private final Passphrase passphrase;
    private final KeyStore store;

    private MasterKeyStore(Path file, Passphrase passphrase, KeyStore store) {
        this.file = file;
        this.passphrase = passphrase;
        this.store = store;
    }

    /** Creates a keystore file with one fresh master key. Fails if the file exists. */
    public static MasterKeyStore create(Path file, Passphrase passphrase) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(passphrase, "passphrase");
        if (Files.exists(file)) {
            throw new IOException("master keystore " + file + " already exists; refusing to overwrite it");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        MasterKeyStore keys = new MasterKeyStore(file, passphrase, store);
        keys.addKey(1);
        keys.persist();
        return keys;
    }

    /**
     * Opens an existing keystore file; nothing is written.
     *
     * @throws GeneralSecurityException "wrong passphrase or corrupted keystore <file>"
     */
    public static MasterKeyStore open(Path file, Passphrase passphrase) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(passphrase, "passphrase");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("master keystore " + file + " does not exist", e);
        }
        char[] password = passphrase.chars();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
            MasterKeyStore keys = new MasterKeyStore(file, passphrase, store);
            if (keys.keyIds().isEmpty()) {
                throw new GeneralSecurityException("master keystore " + file + " holds no master key");
            }
            keys.key(keys.currentKeyId()); // a wrong per-entry password shows up here
            return keys;
        } catch (IOException e) {
            // KeyStore reports a wrong password as an IOException caused by UnrecoverableKeyException
            throw new GeneralSecurityException("wrong passphrase or corrupted keystore " + file, e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The id of the key that wraps new data keys. */
    public synchronized String currentKeyId() {
        List<String> ids = keyIds();
        return ids.get(ids.size() - 1);
    }

    /** All key ids, oldest first. */
    public synchronized List<String> keyIds() {
        try {
            List<String> ids = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (KEY_ID.matcher(alias).matches() && store.isKeyEntry(alias)) {
                    ids.add(alias);
                }
            }
            Collections.sort(ids);
            return List.copyOf(ids);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot list master keys in " + file, e);
        }
    }

    /** Adds a new current master key and rewrites the keystore atomically; older keys are kept. */
    public synchronized void rotate() throws IOException, GeneralSecurityException {
        String current = currentKeyId();
        String added = addKey(Integer.parseInt(current.substring(PREFIX.length())) + 1);
        try {
            persist();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // never wrap data under a key that is not on disk
            store.deleteEntry(added);
            throw e;
        }
    }

    /**
     * Removes an old key once no file needs it any more (after {@link EncryptedFiles#rewrap}).
     * The current key cannot be retired.
     */
    public synchronized void retire(String keyId) throws IOException, GeneralSecurityException {
        if (!keyIds().contains(keyId)) {
            throw new IllegalArgumentException("no master key " + keyId + " in " + file);
        }
        if (keyId.equals(currentKeyId())) {
            throw new IllegalArgumentException("cannot retire the current master key " + keyId);
        }
        SecretKey retired = key(keyId);
        store.deleteEntry(keyId);
        try {
            persist();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            putKey(keyId, retired);
            throw e;
        }
    }

    /** The key with this id, for wrapping inside this package only. */
    synchronized SecretKey key(String keyId) throws GeneralSecurityException {
        if (!KEY_ID.matcher(keyId).matches() || !store.isKeyEntry(keyId)) {
            throw new GeneralSecurityException("master keystore " + file + " holds no key " + keyId);
        }
        char[] password = passphrase.chars();
        try {
            return (SecretKey) store.getKey(keyId, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    Path file() {
        return file;
    }

    private String addKey(int sequence) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        String keyId = String.format("%s%06d", PREFIX, sequence);
        putKey(keyId, generator.generateKey());
        return keyId;
    }

    private void putKey(String keyId, SecretKey key) throws GeneralSecurityException {
        char[] password = passphrase.chars();
        try {
            store.setEntry(keyId, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void persist() throws IOException, GeneralSecurityException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        char[] password = passphrase.chars();
        try {
            store.store(bytes, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        PrivateFiles.write(file, bytes.toByteArray());
    }

    @Override
    public String toString() {
        return "MasterKeyStore[" + file + ", current=" + currentKeyId() + "]";
    }
}
