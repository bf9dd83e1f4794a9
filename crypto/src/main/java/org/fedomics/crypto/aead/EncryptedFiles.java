package org.fedomics.crypto.aead;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.fedomics.crypto.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envelope encryption of files at rest. Each file gets its own Tink keyset (the data key,
 * AES-256-GCM-HKDF streaming with 1 MiB segments: per-file keys derived by HKDF, each segment
 * authenticated, nonces bound to the segment's position and to whether it is the last one, so
 * reordered, dropped, truncated or appended segments fail). The keyset is stored in the file
 * header, wrapped under the node's current master key ({@link MasterKeyStore}).
 *
 * <p>The caller's {@code context} (for example node name and logical file name) is associated
 * data: a file copied from another node or renamed to stand in for another fails to decrypt.
 */
public final class EncryptedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptedFiles.class);

    static {
        try {
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MasterKeyStore keys;

    public EncryptedFiles(MasterKeyStore keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Starts an encrypted file. Bytes go to a temporary file in the same directory, which
     * {@code close()} moves into place atomically; if writing fails, or {@link AtomicOutput#abort}
     * is called, nothing is left behind. Note that {@code close()} publishes what was written:
     * a caller whose own code fails mid-way should call {@code abort()} (the returned stream is an
     * {@link AtomicOutput}) rather than close it.
     */
    public OutputStream create(Path file, byte[] context) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(context, "context");
        Path temp = PrivateFiles.createTempSibling(file);
        OutputStream raw = null;
        try {
            String keyId = keys.currentKeyId();
            KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey,
                    new JceAesGcm(keys.key(keyId)), FileHeader.keysetAssociatedData(keyId));
            FileHeader header = new FileHeader(FileHeader.VERSION, keyId, wrapped);
            raw = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING);
            header.writeTo(raw);
            OutputStream encrypting = streamingAead(dataKey)
                    .newEncryptingStream(raw, FileHeader.streamAssociatedData(context));
            return new AtomicOutput(encrypting, temp, file);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (raw != null) {
                raw.close();
            }
            Files.deleteIfExists(temp);
            throw new IOException("cannot create encrypted file " + file, e);
        }
    }

    /**
     * Opens an encrypted file for reading. Tink checks every segment before releasing its
     * plaintext; a tampered, truncated or extended file, or the wrong context, ends in an
     * IOException naming the file (possibly after earlier, authentic segments were read).
     */
    public InputStream open(Path file, byte[] context) throws IOException {
        Objects.requireNonNull(context, "context");
        InputStream in = openRaw(file);
        try {
            KeysetHandle dataKey = unwrap(FileHeader.readFrom(in, file), file);
            InputStream decrypting = streamingAead(dataKey)
                    .newDecryptingStream(in, FileHeader.streamAssociatedData(context));
            return new NamingInputStream(decrypting, file);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            in.close();
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains(file.toString())) {
                throw io;
            }
            throw new IOException("cannot open encrypted file " + file, e);
        }
    }

    /**
     * Random access to the plaintext of an encrypted file (segments decrypt independently, so
     * several channels can read different ranges in parallel). Authentication as for {@link #open}.
     */
    public SeekableByteChannel openSeekable(Path file, byte[] context) throws IOException {
        Objects.requireNonNull(context, "context");
        FileHeader header;
        try (InputStream in = openRaw(file)) {
            header = FileHeader.readFrom(in, file);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            KeysetHandle dataKey = unwrap(header, file);
            return streamingAead(dataKey).newSeekableDecryptingChannel(
                    new OffsetChannel(channel, header.length()), FileHeader.streamAssociatedData(context));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot open encrypted file " + file, e);
        }
    }

    /**
     * Re-wraps the file's data key under the current master key without re-encrypting the data:
     * a new header, then the ciphertext bytes copied unchanged, moved into place atomically.
     * Does nothing if the file is already wrapped under the current key.
     */
    public void rewrap(Path file) throws IOException {
        Path temp = null;
        try (InputStream in = openRaw(file)) {
            FileHeader old = FileHeader.readFrom(in, file);
            String current = keys.currentKeyId();
            if (old.masterKeyId().equals(current)) {
                return;
            }
            KeysetHandle dataKey = unwrap(old, file);
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey,
                    new JceAesGcm(keys.key(current)), FileHeader.keysetAssociatedData(current));
            temp = PrivateFiles.createTempSibling(file);
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
                new FileHeader(FileHeader.VERSION, current, wrapped).writeTo(out);
                in.transferTo(out);
            }
            PrivateFiles.publish(temp, file);
            LOG.info("re-wrapped {} from master key {} to {}", file, old.masterKeyId(), current);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains(file.toString())) {
                throw io;
            }
            throw new IOException("cannot re-wrap encrypted file " + file, e);
        }
    }

    /** The id of the master key that wraps this file's data key. */
    public String masterKeyIdOf(Path file) throws IOException {
        try (InputStream in = openRaw(file)) {
            return FileHeader.readFrom(in, file).masterKeyId();
        }
    }

    /** Encrypts {@code plaintext} into {@code file} (atomically). */
    public void write(Path file, byte[] context, byte[] plaintext) throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        write(file, context, out -> out.write(plaintext));
    }

    /** Writes the plaintext a caller streams into an encrypted file. */
    @FunctionalInterface
    public interface PlaintextWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Encrypts what {@code writer} streams into {@code file}, published atomically only if the writer
     * finishes: if it throws, the file is left as it was and nothing partial appears.
     */
    public void write(Path file, byte[] context, PlaintextWriter writer) throws IOException {
        AtomicOutput out = (AtomicOutput) create(file, context);
        try {
            writer.writeTo(out);
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        out.close();
    }

    /** Decrypts the whole file; nothing is returned unless every segment authenticates. */
    public byte[] readAll(Path file, byte[] context) throws IOException {
        try (InputStream in = open(file, context)) {
            ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
            in.transferTo(plaintext);
            return plaintext.toByteArray();
        }
    }

    private static InputStream openRaw(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException("encrypted file " + file + " does not exist", e);
        }
    }

    private KeysetHandle unwrap(FileHeader header, Path file) throws IOException {
        if (!keys.keyIds().contains(header.masterKeyId())) {
            throw new IOException(file + " is wrapped under master key " + header.masterKeyId()
                    + ", which keystore " + keys.file() + " does not hold");
        }
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(header.wrappedKeyset(),
                    new JceAesGcm(keys.key(header.masterKeyId())), header.keysetAssociatedData());
        } catch (GeneralSecurityException e) {
            LOG.debug("data key of {} does not unwrap under {}", file, header.masterKeyId(), e);
            throw new IOException("cannot unwrap the data key of " + file + ": header tampered or wrong master key", e);
        }
    }

    private static StreamingAead streamingAead(KeysetHandle dataKey) throws GeneralSecurityException {
        return dataKey.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    /**
     * The stream returned by {@link #create}: {@code close()} finishes the last segment and moves
     * the file into place; {@code abort()} discards everything.
     */
    public static final class AtomicOutput extends OutputStream {
        private final OutputStream encrypting;
        private final Path temp;
        private final Path target;
        private boolean done;

        private AtomicOutput(OutputStream encrypting, Path temp, Path target) {
            this.encrypting = encrypting;
            this.temp = temp;
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (done) {
                throw new IOException("encrypted file " + target + " is already closed");
            }
            try {
                encrypting.write(bytes, offset, length);
            } catch (IOException | RuntimeException e) {
                abort();
                throw new IOException("cannot write encrypted file " + target, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                encrypting.close();
                PrivateFiles.publish(temp, target);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw new IOException("cannot finish encrypted file " + target, e);
            }
        }

        /** Discards the partial file; the target is left as it was. */
        public void abort() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                encrypting.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing aborted encrypted file {}", target, e);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Rethrows Tink's read failures with the file name, so operators know which file is bad. */
    private static final class NamingInputStream extends FilterInputStream {
        private final Path file;

        NamingInputStream(InputStream in, Path file) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private IOException failed(IOException e) {
            LOG.debug("decryption of {} failed", file, e);
            return new IOException("encrypted file " + file
                    + " failed authentication: tampered, truncated, or opened with the wrong context", e);
        }
    }
}
