package org.fedomics.crypto.aead;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
 * <p>Tink writes the files. Reading ({@link #open}, {@link #openSeekable}, {@link #readAll},
 * {@link #decryptSegments}) decrypts Tink's documented segment format with AES-GCM directly
 * ({@link SegmentCipher}; AWS-LC's through {@link AesGcmProvider} where it loads, else the
 * JDK's): one segment at a time from a read-only memory mapping into reused arrays, on several threads
 * where asked, with the same checks as Tink's decrypting streams and fewer copies.
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

    /** The largest array the JVM allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

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
     * Opens an encrypted file for reading. Each segment's plaintext is released only after its tag
     * has verified; a tampered, truncated or extended file, or the wrong context, ends in an
     * IOException naming the file (possibly after earlier, authentic segments were read).
     */
    public InputStream open(Path file, byte[] context) throws IOException {
        SegmentedFile segmented = openSegmented(file, context);
        try {
            return new DecryptingInputStream(segmented);
        } catch (IOException | RuntimeException e) {
            segmented.close();
            throw e;
        }
    }

    /** Receives the plaintext of authenticated segments from {@link #decryptSegments}. */
    @FunctionalInterface
    public interface SegmentConsumer {
        /**
         * One segment's plaintext, which starts at {@code offset} in the file's plaintext. The
         * buffer is reused once this returns: copy what must be kept. Called from several threads
         * at once, in no particular order, when decrypting with more than one thread.
         */
        void accept(long offset, ByteBuffer plaintext) throws IOException;
    }

    /**
     * Decrypts the whole file on up to {@code threads} threads (the caller's among them; segments
     * are independent), handing each segment to {@code consumer} once its tag has verified.
     * Returns the plaintext size. If any segment fails, the first failure is thrown (naming the
     * file) after the other threads stopped; the consumer may have received other, authentic
     * segments by then, but never an unauthenticated byte.
     */
    public long decryptSegments(Path file, byte[] context, int threads, SegmentConsumer consumer) throws IOException {
        Objects.requireNonNull(consumer, "consumer");
        try (SegmentedFile segmented = openSegmented(file, context)) {
            segmented.decrypt(threads, consumer);
            return segmented.layout().plaintextSize();
        }
    }

    /**
     * Random access to the plaintext of an encrypted file (segments decrypt independently, so
     * several channels can read different ranges in parallel). Authentication as for {@link #open};
     * {@code size()} is what the file's length implies, confirmed once the last segment is read.
     */
    public SeekableByteChannel openSeekable(Path file, byte[] context) throws IOException {
        SegmentedFile segmented = openSegmented(file, context);
        try {
            return new DecryptingChannel(segmented);
        } catch (IOException | RuntimeException e) {
            segmented.close();
            throw e;
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
            throw namingFile(e, "cannot re-wrap encrypted file ", file);
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

    /**
     * Decrypts the whole file, on all processors for a multi-segment file; nothing is returned
     * unless every segment authenticates.
     */
    public byte[] readAll(Path file, byte[] context) throws IOException {
        try (SegmentedFile segmented = openSegmented(file, context)) {
            long size = segmented.layout().plaintextSize();
            if (size > MAX_ARRAY) {
                throw new IOException("encrypted file " + file + " holds " + size
                        + " bytes, more than one array can: read it with open()");
            }
            byte[] plaintext = new byte[(int) size];
            segmented.decrypt(Runtime.getRuntime().availableProcessors(),
                    (offset, segment) -> segment.get(plaintext, (int) offset, segment.remaining()));
            return plaintext;
        }
    }

    private SegmentedFile openSegmented(Path file, byte[] context) throws IOException {
        Objects.requireNonNull(context, "context");
        FileChannel channel = openChannel(file);
        try {
            FileHeader header = FileHeader.readFrom(Channels.newInputStream(channel), file);
            return SegmentedFile.open(file, channel, header.length(), unwrap(header, file),
                    FileHeader.streamAssociatedData(context));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw namingFile(e, "cannot open encrypted file ", file);
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException("encrypted file " + file + " does not exist", e);
        }
    }

    /** {@code e} if its message already names the file, else an IOException that does. */
    private static IOException namingFile(Exception e, String failed, Path file) {
        if (e instanceof IOException io && io.getMessage() != null && io.getMessage().contains(file.toString())) {
            return io;
        }
        return new IOException(failed + file, e);
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
}
