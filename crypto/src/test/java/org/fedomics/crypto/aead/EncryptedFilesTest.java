package org.fedomics.crypto.aead;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFilesTest {

    /** Tink's ciphertext segment size for AES256_GCM_HKDF_1MB: every segment but the last is exactly this long. */
    private static final int SEGMENT = 1 << 20;
    private static final byte[] CONTEXT = "node=hospital-a;file=expression.gct".getBytes(UTF_8);

    @TempDir
    Path dir;

    private MasterKeyStore keys;
    private EncryptedFiles files;
    private byte[] plaintext;
    private Path file;

    @BeforeEach
    void setUp() throws Exception {
        keys = MasterKeyStore.create(dir.resolve("keys/master.p12"), passphrase("node-secret"));
        files = new EncryptedFiles(keys);
        plaintext = new byte[5 * SEGMENT + 12_345]; // six segments, the last one partial
        new Random(42).nextBytes(plaintext);
        file = dir.resolve("data/expression.enc");
        files.write(file, CONTEXT, plaintext);
    }

    @Test
    void readAll_multiSegmentFile_returnsPlaintext() throws Exception {
        assertThat(Files.size(file)).isGreaterThan(plaintext.length);
        assertThat(files.readAll(file, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void create_streamedInOddChunks_roundTrips() throws Exception {
        Path streamed = dir.resolve("streamed.enc");
        try (OutputStream out = files.create(streamed, CONTEXT)) {
            for (int offset = 0; offset < plaintext.length; offset += 77_777) {
                out.write(plaintext, offset, Math.min(77_777, plaintext.length - offset));
            }
        }
        try (InputStream in = files.open(streamed, CONTEXT)) {
            assertThat(in.readAllBytes()).isEqualTo(plaintext);
        }
    }

    @Test
    void write_emptyPlaintext_roundTrips() throws Exception {
        Path empty = dir.resolve("empty.enc");
        files.write(empty, CONTEXT, new byte[0]);
        assertThat(files.readAll(empty, CONTEXT)).isEmpty();
    }

    @Test
    void write_always_headerHasMagicVersionAndCurrentKeyIdAndNoPlaintext() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo("FEDOMICS".getBytes(UTF_8));
        assertThat(bytes[8]).isEqualTo((byte) 1);
        assertThat(files.masterKeyIdOf(file)).isEqualTo(keys.currentKeyId()).isEqualTo("master-000001");
        byte[] probe = Arrays.copyOfRange(plaintext, 1000, 1032);
        assertThat(indexOf(bytes, probe)).isEqualTo(-1);
    }

    @Test
    void readAll_bitFlippedInAnySegment_failsNamingFile() throws Exception {
        int headerLength = headerLength(file);
        long size = Files.size(file);
        int segments = (int) ((size - headerLength + SEGMENT - 1) / SEGMENT);
        assertThat(segments).isEqualTo(6);
        for (int segment = 0; segment < segments; segment++) {
            long segmentStart = headerLength + (long) segment * SEGMENT;
            long segmentEnd = Math.min(size, segmentStart + SEGMENT);
            for (long position : new long[] {segmentStart + 45, (segmentStart + segmentEnd) / 2, segmentEnd - 1}) {
                Path copy = copyWith(bytes -> bytes[(int) position] ^= 0x01);
                assertAuthenticationFails(copy);
            }
        }
    }

    @Test
    void open_bitFlippedInWrappedKey_failsNamingFile() throws Exception {
        Path copy = copyWith(bytes -> bytes[headerLength(file) - 5] ^= 0x20);
        assertThatThrownBy(() -> files.readAll(copy, CONTEXT)).isInstanceOf(IOException.class)
                .hasMessageContaining(copy.toString()).hasMessageContaining("cannot unwrap");
    }

    @Test
    void readAll_truncatedFile_fails() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = headerLength(file);
        Path cutInLastSegment = write("cut1.enc", Arrays.copyOf(bytes, bytes.length - 100));
        Path lastSegmentDropped = write("cut2.enc", Arrays.copyOf(bytes, headerLength + 5 * SEGMENT));
        Path cutInHeader = write("cut3.enc", Arrays.copyOf(bytes, 20));
        assertAuthenticationFails(cutInLastSegment);
        assertAuthenticationFails(lastSegmentDropped);
        assertThatThrownBy(() -> files.readAll(cutInHeader, CONTEXT)).isInstanceOf(IOException.class)
                .hasMessageContaining(cutInHeader.toString()).hasMessageContaining("truncated");
    }

    @Test
    void readAll_appendedBytesOrSegment_fails() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = headerLength(file);
        Path oneByte = write("plus1.enc", Arrays.copyOf(bytes, bytes.length + 1));
        byte[] withExtraSegment = Arrays.copyOf(bytes, bytes.length + SEGMENT);
        System.arraycopy(bytes, headerLength + SEGMENT, withExtraSegment, bytes.length, SEGMENT);
        Path extraSegment = write("plusSegment.enc", withExtraSegment);
        assertAuthenticationFails(oneByte);
        assertAuthenticationFails(extraSegment);
    }

    @Test
    void readAll_twoSegmentsSwapped_fails() throws Exception {
        int headerLength = headerLength(file);
        Path swapped = copyWith(bytes -> {
            byte[] first = Arrays.copyOfRange(bytes, headerLength + SEGMENT, headerLength + 2 * SEGMENT);
            System.arraycopy(bytes, headerLength + 2 * SEGMENT, bytes, headerLength + SEGMENT, SEGMENT);
            System.arraycopy(first, 0, bytes, headerLength + 2 * SEGMENT, SEGMENT);
        });
        assertAuthenticationFails(swapped);
    }

    @Test
    void readAll_wrongContext_fails() throws Exception {
        assertAuthenticationFails(file, "node=hospital-b;file=expression.gct".getBytes(UTF_8));
        assertAuthenticationFails(file, "node=hospital-a;file=clinical.csv".getBytes(UTF_8));
    }

    @Test
    void readAll_fileFromAnotherNode_fails() throws Exception {
        MasterKeyStore otherKeys = MasterKeyStore.create(dir.resolve("other.p12"), passphrase("other"));
        Path foreign = dir.resolve("foreign.enc");
        new EncryptedFiles(otherKeys).write(foreign, CONTEXT, plaintext);
        assertThat(new EncryptedFiles(otherKeys).masterKeyIdOf(foreign)).isEqualTo(keys.currentKeyId());

        assertThatThrownBy(() -> files.readAll(foreign, CONTEXT)).isInstanceOf(IOException.class)
                .hasMessageContaining(foreign.toString()).hasMessageContaining("cannot unwrap");
    }

    @Test
    void open_wrongPassphrase_failsClearlyAndTouchesNothing() throws Exception {
        Path keyFile = dir.resolve("keys/master.p12");
        byte[] before = Files.readAllBytes(keyFile);
        var modified = Files.getLastModifiedTime(keyFile);

        assertThatThrownBy(() -> MasterKeyStore.open(keyFile, passphrase("guess")))
                .isInstanceOf(java.security.GeneralSecurityException.class)
                .hasMessage("wrong passphrase or corrupted keystore " + keyFile);
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(keyFile)).isEqualTo(modified);
    }

    @Test
    void rewrap_afterRotate_headerNamesNewKeyCiphertextUnchangedAndOldKeyNoLongerNeeded() throws Exception {
        Path notRewrapped = dir.resolve("other.enc");
        files.write(notRewrapped, CONTEXT, "small".getBytes(UTF_8));
        int oldHeader = headerLength(file);
        byte[] oldCiphertext = Arrays.copyOfRange(Files.readAllBytes(file), oldHeader, (int) Files.size(file));

        keys.rotate();
        assertThat(keys.currentKeyId()).isEqualTo("master-000002");
        files.rewrap(file);

        assertThat(files.masterKeyIdOf(file)).isEqualTo("master-000002");
        int newHeader = headerLength(file);
        assertThat(Arrays.copyOfRange(Files.readAllBytes(file), newHeader, (int) Files.size(file))).isEqualTo(oldCiphertext);
        keys.retire("master-000001");
        MasterKeyStore reopened = MasterKeyStore.open(dir.resolve("keys/master.p12"), passphrase("node-secret"));
        assertThat(reopened.keyIds()).containsExactly("master-000002");
        EncryptedFiles afterRetire = new EncryptedFiles(reopened);
        assertThat(afterRetire.readAll(file, CONTEXT)).isEqualTo(plaintext);
        assertThatThrownBy(() -> afterRetire.readAll(notRewrapped, CONTEXT)).isInstanceOf(IOException.class)
                .hasMessageContaining("master-000001").hasMessageContaining(notRewrapped.toString());
    }

    @Test
    void create_afterRotate_usesNewKeyAndOldFilesStillOpen() throws Exception {
        keys.rotate();
        Path fresh = dir.resolve("fresh.enc");
        files.write(fresh, CONTEXT, "new".getBytes(UTF_8));
        assertThat(files.masterKeyIdOf(fresh)).isEqualTo("master-000002");
        assertThat(files.masterKeyIdOf(file)).isEqualTo("master-000001");
        assertThat(files.readAll(file, CONTEXT)).isEqualTo(plaintext);
    }

    @Test
    void create_aborted_leavesNothingBehind() throws Exception {
        Path target = dir.resolve("aborted/partial.enc");
        EncryptedFiles.AtomicOutput out = (EncryptedFiles.AtomicOutput) files.create(target, CONTEXT);
        out.write(plaintext, 0, 3 * SEGMENT);
        out.abort();
        out.close();

        assertThat(target).doesNotExist();
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void create_beforeClose_targetNotVisibleAndExistingFileKept() throws Exception {
        byte[] before = Files.readAllBytes(file);
        try (OutputStream out = files.create(file, CONTEXT)) {
            out.write("replacement".getBytes(UTF_8));
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
        assertThat(files.readAll(file, CONTEXT)).isEqualTo("replacement".getBytes(UTF_8));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void openSeekable_rangeInThirdSegment_returnsThatPlaintext() throws Exception {
        try (SeekableByteChannel channel = files.openSeekable(file, CONTEXT)) {
            long start = 2L * SEGMENT + 999;
            ByteBuffer buffer = ByteBuffer.allocate(100_000);
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill
            }
            assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(plaintext, (int) start, (int) start + 100_000));
            assertThat(channel.size()).isEqualTo(plaintext.length);
        }
    }

    @Test
    void decryptSegments_twoThreads_deliversEverySegmentOnceAtItsOffset() throws Exception {
        byte[] assembled = new byte[plaintext.length];
        Set<Long> offsets = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();

        long size = files.decryptSegments(file, CONTEXT, 2, (offset, segment) -> {
            calls.incrementAndGet();
            offsets.add(offset);
            segment.get(assembled, (int) offset, segment.remaining());
        });

        assertThat(size).isEqualTo(plaintext.length);
        assertThat(calls).hasValue(6);
        assertThat(offsets).hasSize(6).contains(0L);
        assertThat(assembled).isEqualTo(plaintext);
    }

    @Test
    void decryptSegments_segmentBuffer_isReadOnly() throws Exception {
        assertThatThrownBy(() -> files.decryptSegments(file, CONTEXT, 1, (offset, segment) -> segment.put(0, (byte) 1)))
                .isInstanceOf(java.nio.ReadOnlyBufferException.class);
    }

    @Test
    void open_missingFile_failsNamingFile() {
        Path missing = dir.resolve("missing.enc");
        assertThatThrownBy(() -> files.open(missing, CONTEXT)).isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
    }

    private void assertAuthenticationFails(Path tampered) {
        assertAuthenticationFails(tampered, CONTEXT);
    }

    /** Every way of reading fails, naming the file. */
    private void assertAuthenticationFails(Path tampered, byte[] context) {
        assertThatThrownBy(() -> files.readAll(tampered, context)).isInstanceOf(IOException.class)
                .hasMessageContaining(tampered.toString());
        assertThatThrownBy(() -> {
            try (InputStream in = files.open(tampered, context)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining(tampered.toString());
        assertThatThrownBy(() -> files.decryptSegments(tampered, context, 1, (offset, segment) -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining(tampered.toString());
        assertThatThrownBy(() -> {
            try (SeekableByteChannel channel = files.openSeekable(tampered, context)) {
                ByteBuffer buffer = ByteBuffer.allocate(SEGMENT);
                while (channel.read(buffer.clear()) >= 0) {
                    // to the end
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining(tampered.toString());
    }

    private interface Edit {
        void apply(byte[] bytes) throws IOException;
    }

    private int copies;

    private Path copyWith(Edit edit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        edit.apply(bytes);
        return write("tampered-" + (copies++) + ".enc", bytes);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path target = dir.resolve(name);
        Files.write(target, bytes);
        return target;
    }

    private static int headerLength(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return FileHeader.readFrom(in, file).length();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Passphrase passphrase(String text) {
        return Passphrase.of(text.toCharArray());
    }
}
