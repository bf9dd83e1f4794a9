package org.fedomics.crypto.aead;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The segment reader ({@link AesGcmProvider}'s AES-GCM over a memory mapping) against Tink itself: streams Tink wrote decrypt to the same bytes
 * sequentially and in parallel, at every boundary size, and every tampering Tink detects is
 * detected here too, without releasing a byte of a segment that failed. Small (4 KiB) segments
 * make many-segment files cheap; the production parameters (1 MiB) are checked as well.
 */
class SegmentedFileTest {

    private static final int SEGMENT = 4096;
    /** Bytes in front of the Tink stream, as the fedomics file header is in real files. */
    private static final int PREFIX = 37;
    private static final byte[] AAD = "node=a;file=x".getBytes(UTF_8);

    private static KeysetHandle smallSegments;
    private static int header;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        StreamingAeadConfig.register();
        AeadConfig.register();
        AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                .setKeySizeBytes(32)
                .setDerivedAesGcmKeySizeBytes(32)
                .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                .setCiphertextSegmentSizeBytes(SEGMENT)
                .build();
        smallSegments = KeysetHandle.generateNew(parameters);
        header = SegmentCipher.headerLength(parameters);
    }

    /** Plaintext sizes around every boundary: empty, first segment full and one past, whole segments, many. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 40 - 16 - 1, SEGMENT - 40 - 16, SEGMENT - 40 - 16 + 1,
            2 * SEGMENT - 40 - 32, 2 * SEGMENT - 40 - 32 + 1, 3 * (SEGMENT - 16) - 40, 25 * SEGMENT + 999})
    void decrypt_tinkWrittenStream_sameBytesSequentiallyAndInParallel(int size) throws Exception {
        assertThat(header).isEqualTo(40);
        byte[] plaintext = random(size);
        Path file = tinkEncrypt(smallSegments, plaintext, AAD);

        assertThat(readSequentially(file, smallSegments, AAD)).isEqualTo(plaintext);
        for (int threads : new int[] {1, 2, 3}) {
            assertThat(readInParallel(file, smallSegments, AAD, threads)).isEqualTo(plaintext);
        }
        try (SegmentedFile segmented = open(file, smallSegments, AAD)) {
            assertThat(segmented.layout().plaintextSize()).isEqualTo(size);
        }
        assertThat(tinkDecrypt(file, smallSegments, AAD)).isEqualTo(plaintext);
    }

    @Test
    void decrypt_productionParameters_matchesTink() throws Exception {
        KeysetHandle production = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
        byte[] plaintext = random(3 * (1 << 20) + 12_345);
        Path file = tinkEncrypt(production, plaintext, AAD);

        assertThat(readSequentially(file, production, AAD)).isEqualTo(plaintext);
        assertThat(readInParallel(file, production, AAD, 2)).isEqualTo(plaintext);
    }

    @Test
    void decrypt_bitFlippedInAnySegment_failsNamingFileAndNeverReleasesThatSegment() throws Exception {
        byte[] plaintext = random(6 * SEGMENT + 100);
        Path original = tinkEncrypt(smallSegments, plaintext, AAD);
        byte[] bytes = Files.readAllBytes(original);
        int segments = 7;
        for (int segment = 0; segment < segments; segment++) {
            long start = PREFIX + (long) segment * SEGMENT + (segment == 0 ? header : 0);
            long end = Math.min(bytes.length, PREFIX + (long) (segment + 1) * SEGMENT);
            for (long position : new long[] {start, (start + end) / 2, end - 1}) {
                byte[] tampered = bytes.clone();
                tampered[(int) position] ^= 0x01;
                Path file = write("flip-" + segment + "-" + position, tampered);

                assertTinkFails(file);
                assertSequentialReadFails(file, plaintext, segment);
                assertParallelReadFails(file, plaintext, segment);
            }
        }
    }

    @Test
    void decrypt_streamHeaderTampered_failsNamingFile() throws Exception {
        byte[] bytes = Files.readAllBytes(tinkEncrypt(smallSegments, random(3 * SEGMENT), AAD));
        for (int position : new int[] {PREFIX, PREFIX + 1, PREFIX + 20, PREFIX + header - 1}) {
            byte[] tampered = bytes.clone();
            tampered[position] ^= 0x01;
            Path file = write("header-" + position, tampered);
            assertTinkFails(file);
            assertThatThrownBy(() -> readSequentially(file, smallSegments, AAD)).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void decrypt_truncatedExtendedOrReordered_failsLikeTink() throws Exception {
        byte[] plaintext = random(5 * SEGMENT + 500);
        byte[] bytes = Files.readAllBytes(tinkEncrypt(smallSegments, plaintext, AAD));
        int lastStart = PREFIX + 5 * SEGMENT;
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, PREFIX + SEGMENT, swapped, PREFIX + 2 * SEGMENT, SEGMENT);
        System.arraycopy(bytes, PREFIX + 2 * SEGMENT, swapped, PREFIX + SEGMENT, SEGMENT);
        byte[] extraSegment = Arrays.copyOf(bytes, bytes.length + SEGMENT);
        System.arraycopy(bytes, PREFIX + SEGMENT, extraSegment, bytes.length, SEGMENT);
        Map<String, byte[]> variants = Map.of(
                "last-segment-dropped", Arrays.copyOf(bytes, lastStart),
                "cut-in-last-segment", Arrays.copyOf(bytes, bytes.length - 1),
                "cut-mid-file", Arrays.copyOf(bytes, PREFIX + 3 * SEGMENT + 77),
                "cut-to-fewer-bytes-than-a-tag", Arrays.copyOf(bytes, lastStart + 15),
                "one-byte-appended", Arrays.copyOf(bytes, bytes.length + 1),
                "segment-appended", extraSegment,
                "segments-swapped", swapped,
                "cut-in-stream-header", Arrays.copyOf(bytes, PREFIX + 20));
        for (Map.Entry<String, byte[]> variant : variants.entrySet()) {
            Path file = write(variant.getKey(), variant.getValue());
            assertTinkFails(file);
            assertThatThrownBy(() -> readSequentially(file, smallSegments, AAD)).as(variant.getKey())
                    .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
            assertThatThrownBy(() -> readInParallel(file, smallSegments, AAD, 2)).as(variant.getKey())
                    .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
        }
    }

    /** The segments are memory-mapped at open: a file cut short in place afterwards fails (SIGBUS) naming the file. */
    @Test
    void decrypt_fileTruncatedInPlaceAfterOpening_failsNamingFile() throws Exception {
        Path file = tinkEncrypt(smallSegments, random(40 * SEGMENT), AAD);
        try (SegmentedFile segmented = open(file, smallSegments, AAD)) {
            try (FileChannel writer = FileChannel.open(file, StandardOpenOption.WRITE)) {
                writer.truncate(PREFIX + SEGMENT);
            }
            assertThatThrownBy(() -> segmented.decrypt(1, (offset, plaintext) -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
            assertThatThrownBy(() -> segmented.decrypt(2, (offset, plaintext) -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining(file.toString());
        }
    }

    /** A mapping holds no lock on Linux: the file can go while open, and what was opened still decrypts. */
    @Test
    void decrypt_fileDeletedAfterOpening_stillReadsWhatWasOpened() throws Exception {
        byte[] plaintext = random(7 * SEGMENT + 9);
        Path file = tinkEncrypt(smallSegments, plaintext, AAD);
        try (SegmentedFile segmented = open(file, smallSegments, AAD);
                InputStream in = new DecryptingInputStream(segmented)) {
            Files.delete(file);
            assertThat(in.readAllBytes()).isEqualTo(plaintext);
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void decrypt_wrongAssociatedDataOrKey_failsNamingFile() throws Exception {
        Path file = tinkEncrypt(smallSegments, random(2 * SEGMENT), AAD);
        KeysetHandle otherKey = KeysetHandle.generateNew(smallSegments.getPrimary().getKey().getParameters());
        assertThatThrownBy(() -> readSequentially(file, smallSegments, "node=b;file=x".getBytes(UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> readInParallel(file, otherKey, AAD, 2))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("failed authentication");
    }

    @Test
    void decrypt_consumerFails_stopsAndRethrows() throws Exception {
        Path file = tinkEncrypt(smallSegments, random(40 * SEGMENT), AAD);
        Map<Long, Boolean> seen = new ConcurrentHashMap<>();
        try (SegmentedFile segmented = open(file, smallSegments, AAD)) {
            assertThatThrownBy(() -> segmented.decrypt(1, (offset, plaintext) -> {
                seen.put(offset, true);
                if (seen.size() == 3) {
                    throw new IOException("disk full");
                }
            })).isInstanceOf(IOException.class).hasMessage("disk full");
            assertThat(seen).hasSize(3);
            assertThatThrownBy(() -> segmented.decrypt(2, (offset, plaintext) -> {
                throw new IllegalStateException("consumer bug");
            })).isInstanceOf(IllegalStateException.class).hasMessage("consumer bug");
        }
    }

    @Test
    void decrypt_notAStreamingKey_refusedNamingFile() throws Exception {
        Path file = tinkEncrypt(smallSegments, random(10), AAD);
        KeysetHandle aeadKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        assertThatThrownBy(() -> readSequentially(file, aeadKey, AAD)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("unsupported data key");
    }

    @Test
    void channel_rangesAroundSegmentBoundaries_matchPlaintext() throws Exception {
        byte[] plaintext = random(5 * SEGMENT + 321);
        Path file = tinkEncrypt(smallSegments, plaintext, AAD);
        int first = SEGMENT - header - 16;
        int[] starts = {0, 1, first - 1, first, first + 1, first + (SEGMENT - 16), plaintext.length - 1};
        try (SegmentedFile segmented = open(file, smallSegments, AAD);
                SeekableByteChannel channel = new DecryptingChannel(segmented)) {
            assertThat(channel.size()).isEqualTo(plaintext.length);
            for (int start : starts) {
                for (int length : new int[] {1, 100, SEGMENT + 7}) {
                    int end = Math.min(plaintext.length, start + length);
                    ByteBuffer range = ByteBuffer.allocate(end - start);
                    channel.position(start);
                    while (range.hasRemaining()) {
                        assertThat(channel.read(range)).isPositive();
                    }
                    assertThat(range.array()).as("from %d", start).isEqualTo(Arrays.copyOfRange(plaintext, start, end));
                    assertThat(channel.position()).isEqualTo(end);
                }
            }
            channel.position(plaintext.length + 10L);
            assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(-1);
        }
    }

    @Test
    void channel_emptyPlaintext_endsAtOnce() throws Exception {
        Path file = tinkEncrypt(smallSegments, new byte[0], AAD);
        try (SegmentedFile segmented = open(file, smallSegments, AAD);
                SeekableByteChannel channel = new DecryptingChannel(segmented)) {
            assertThat(channel.size()).isZero();
            assertThat(channel.read(ByteBuffer.allocate(10))).isEqualTo(-1);
        }
    }

    @Test
    void channel_lastSegmentTampered_earlierRangesReadButEndFailsNamingFile() throws Exception {
        byte[] plaintext = random(3 * SEGMENT);
        byte[] bytes = Files.readAllBytes(tinkEncrypt(smallSegments, plaintext, AAD));
        bytes[bytes.length - 1] ^= 0x01;
        Path file = write("last-tag-flipped", bytes);
        try (SegmentedFile segmented = open(file, smallSegments, AAD);
                SeekableByteChannel channel = new DecryptingChannel(segmented)) {
            ByteBuffer start = ByteBuffer.allocate(100);
            channel.read(start);
            assertThat(start.array()).isEqualTo(Arrays.copyOf(plaintext, 100));
            channel.position(channel.size());
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(1))).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString());
            channel.position(channel.size() - 1);
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(1))).isInstanceOf(IOException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    /** Reads until the failure: what came out is exactly the plaintext before the tampered segment. */
    private void assertSequentialReadFails(Path file, byte[] plaintext, int tamperedSegment) throws IOException {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        byte[] buffer = new byte[1000];
        try (SegmentedFile segmented = open(file, smallSegments, AAD);
                InputStream in = new DecryptingInputStream(segmented)) {
            assertThatThrownBy(() -> {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    released.write(buffer, 0, n);
                }
            }).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
            long tamperedOffset = segmented.layout().plaintextOffset(tamperedSegment);
            assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(plaintext, (int) tamperedOffset));
        }
    }

    /** Segments other threads finished may come out, each authentic; the tampered one never does. */
    private void assertParallelReadFails(Path file, byte[] plaintext, int tamperedSegment) throws IOException {
        Map<Long, byte[]> released = new ConcurrentHashMap<>();
        try (SegmentedFile segmented = open(file, smallSegments, AAD)) {
            assertThatThrownBy(() -> segmented.decrypt(2, (offset, segment) -> {
                byte[] copy = new byte[segment.remaining()];
                segment.get(copy);
                released.put(offset, copy);
            })).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
            assertThat(released).doesNotContainKey(segmented.layout().plaintextOffset(tamperedSegment));
        }
        released.forEach((offset, bytes) -> assertThat(bytes)
                .isEqualTo(Arrays.copyOfRange(plaintext, offset.intValue(), offset.intValue() + bytes.length)));
    }

    private void assertTinkFails(Path file) {
        assertThatThrownBy(() -> tinkDecrypt(file, smallSegments, AAD)).isInstanceOf(IOException.class);
    }

    private static SegmentedFile open(Path file, KeysetHandle key, byte[] aad) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return SegmentedFile.open(file, channel, PREFIX, key, aad);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] readSequentially(Path file, KeysetHandle key, byte[] aad) throws IOException {
        try (InputStream in = new DecryptingInputStream(open(file, key, aad))) {
            return in.readAllBytes();
        }
    }

    private static byte[] readInParallel(Path file, KeysetHandle key, byte[] aad, int threads) throws IOException {
        try (SegmentedFile segmented = open(file, key, aad)) {
            byte[] plaintext = new byte[(int) segmented.layout().plaintextSize()];
            segmented.decrypt(threads, (offset, segment) -> segment.get(plaintext, (int) offset, segment.remaining()));
            return plaintext;
        }
    }

    private Path tinkEncrypt(KeysetHandle key, byte[] plaintext, byte[] aad) throws Exception {
        Path file = dir.resolve("tink-" + plaintext.length + "-" + System.nanoTime() + ".bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(random(PREFIX));
            try (OutputStream encrypting = key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class)
                    .newEncryptingStream(out, aad)) {
                encrypting.write(plaintext);
            }
        }
        return file;
    }

    private static byte[] tinkDecrypt(Path file, KeysetHandle key, byte[] aad) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(PREFIX);
            try (InputStream decrypting = key.getPrimitive(RegistryConfiguration.get(), StreamingAead.class)
                    .newDecryptingStream(in, aad)) {
                return decrypting.readAllBytes();
            }
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name + ".bin");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
