package org.fedomics.consent.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The parameter vector's wire format: known bytes, round trips, and every malformed message refused by name. */
class ParameterBlocksTest {
    private static final int MAGIC = 0x46444d42;

    @Test
    void encode_smallBlocks_isTheDocumentedBigEndianLayout() {
        ParameterBlocks blocks = new ParameterBlocks(2, 1, 2, new long[] {3, 0}, new double[] {1.0, -2.0, 0.5, 0.0});

        assertThat(HexFormat.of().formatHex(blocks.encode())).isEqualTo(
                "46444d42" + "00000001" + "00000002" + "00000001" + "00000002"
                        + "0000000000000003" + "0000000000000000"
                        + "3ff0000000000000" + "c000000000000000" + "3fe0000000000000" + "0000000000000000");
    }

    @Test
    void decode_ofEncode_roundTripsShapeCountsAndValues() {
        double[] values = new double[3 * 4 * 5];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.scalb(i - 30.25, i % 7) * (i % 2 == 0 ? 1 : -1);
        }
        values[7] = Double.MIN_VALUE;
        values[8] = -0.0;
        values[9] = Double.MAX_VALUE;
        ParameterBlocks original = new ParameterBlocks(3, 4, 5, new long[] {0, 17, Long.MAX_VALUE}, values);

        ParameterBlocks decoded = ParameterBlocks.decode(original.encode());

        assertThat(decoded.blocks()).isEqualTo(3);
        assertThat(decoded.rows()).isEqualTo(4);
        assertThat(decoded.columns()).isEqualTo(5);
        assertThat(decoded.counts()).containsExactly(0, 17, Long.MAX_VALUE);
        assertThat(decoded.values()).containsExactly(values);
        assertThat(Double.doubleToRawLongBits(decoded.values()[8])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(decoded.sameShape(original)).isTrue();
        assertThat(decoded.encode()).isEqualTo(original.encode());
        assertThat(ParameterDigest.sha256(decoded)).isEqualTo(ParameterDigest.sha256(original));
    }

    @Test
    void blockAndCount_returnOneFoldsParameters() {
        ParameterBlocks blocks = new ParameterBlocks(2, 1, 2, new long[] {3, 4}, new double[] {1, 2, 3, 4});

        assertThat(blocks.blockSize()).isEqualTo(2);
        assertThat(blocks.block(1)).containsExactly(3, 4);
        assertThat(blocks.count(1)).isEqualTo(4);
    }

    @Test
    void arrays_areCopiedInAndOut() {
        long[] counts = {1};
        double[] values = {1, 2};
        ParameterBlocks blocks = new ParameterBlocks(1, 1, 2, counts, values);

        counts[0] = 99;
        values[0] = 99;
        blocks.values()[1] = 99;
        blocks.counts()[0] = 99;
        blocks.block(0)[0] = 99;

        assertThat(blocks.counts()).containsExactly(1);
        assertThat(blocks.values()).containsExactly(1, 2);
    }

    @Test
    void decode_badMagic_isNotAParameterBlocksMessage() {
        byte[] encoded = oneByTwo();
        encoded[0] = 'X';

        assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a parameter-blocks message");
    }

    @Test
    void decode_shorterThanTheHeader_isNotAParameterBlocksMessage() {
        for (int length : new int[] {0, 3, 4, 19}) {
            byte[] prefix = java.util.Arrays.copyOf(oneByTwo(), length);

            assertThatThrownBy(() -> ParameterBlocks.decode(prefix)).as("%d bytes", length).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a parameter-blocks message");
        }
    }

    @Test
    void decode_otherVersion_isRefusedNamingIt() {
        byte[] encoded = oneByTwo();
        ByteBuffer.wrap(encoded).putInt(4, 2);

        assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter-blocks version 2 is not supported");
    }

    @Test
    void decode_truncatedOrWithExtraBytes_isRefusedAsNotMatchingTheShape() {
        byte[] encoded = oneByTwo();
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 1);
        byte[] headerOnly = java.util.Arrays.copyOf(encoded, 20);
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 8);

        for (byte[] message : new byte[][] {truncated, headerOnly, longer}) {
            assertThatThrownBy(() -> ParameterBlocks.decode(message)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parameter-blocks message of " + message.length + " bytes does not match its declared shape 1x1x2");
        }
    }

    @Test
    void decode_nonFiniteValue_isRefused() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            byte[] encoded = oneByTwo();
            ByteBuffer.wrap(encoded).putDouble(20 + 8 + 8, bad);

            assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).as("%s", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("parameter blocks: values must be finite");
        }
    }

    @Test
    void decode_negativeCount_isRefused() {
        byte[] encoded = oneByTwo();
        ByteBuffer.wrap(encoded).putLong(20, -1);

        assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter blocks: negative record count");
    }

    @Test
    void decode_zeroOrNegativeDimension_isRefused() {
        for (int[] shape : new int[][] {{0, 1, 2}, {1, 0, 2}, {1, 1, 0}, {-1, 1, 2}, {1, -1, -2}}) {
            byte[] encoded = header(shape[0], shape[1], shape[2], 8 + 16);

            assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not match its declared shape");
        }
    }

    @Test
    void decode_oversizedDeclaredShape_isRefusedBeforeAllocating() {
        // 100,000 x 100,000 values would need 80 GB: refused from the 20-byte header alone.
        byte[] encoded = header(1, 100_000, 100_000, 0);

        assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter-blocks message of 20 bytes does not match its declared shape 1x100000x100000");
    }

    @Test
    void decode_shapeWhoseValueCountOverflowsALong_isRefused() {
        // 16 x 2^30 x 2^30 = 2^64 values: the product wraps to 0 in 64 bits (and in 32), so a
        // message with 16 counts and no values would match a shape that multiplies out naively.
        int big = 1 << 30;
        byte[] encoded = header(16, big, big, 16 * 8);

        assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16x1073741824x1073741824");
    }

    @Test
    void decode_shapeWhoseValueCountWrapsNegative_isRefused() {
        // 2^31-1 cubed wraps to a negative long; a naive length check then compares against nonsense.
        int max = Integer.MAX_VALUE;
        byte[] encoded = header(max, max, max, 0);

        assertThatThrownBy(() -> ParameterBlocks.decode(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declared shape");
    }

    @Test
    void constructor_shapeWhoseValueCountOverflows_isRefused() {
        int big = 1 << 30;

        assertThatThrownBy(() -> new ParameterBlocks(16, big, big, new long[16], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void constructor_arraysThatDoNotFitTheShape_areRefused() {
        assertThatThrownBy(() -> new ParameterBlocks(1, 1, 2, new long[2], new double[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter blocks: 2 counts and 2 values do not fit 1x1x2");
        assertThatThrownBy(() -> new ParameterBlocks(1, 1, 2, new long[1], new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter blocks: 1 counts and 3 values do not fit 1x1x2");
    }

    @Test
    void sha256_isOverTheCanonicalEncoding() {
        assertThat(ParameterDigest.sha256(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        ParameterBlocks blocks = ParameterBlocks.decode(oneByTwo());
        assertThat(ParameterDigest.sha256(blocks)).isEqualTo(ParameterDigest.sha256(oneByTwo()));
    }

    /** A valid message: one block of 1 x 2, count 5, values 1.5 and -2.5. */
    private static byte[] oneByTwo() {
        return new ParameterBlocks(1, 1, 2, new long[] {5}, new double[] {1.5, -2.5}).encode();
    }

    /** A header declaring a shape, followed by {@code payloadBytes} zero bytes. */
    private static byte[] header(int blocks, int rows, int columns, int payloadBytes) {
        return ByteBuffer.allocate(20 + payloadBytes).putInt(MAGIC).putInt(1).putInt(blocks).putInt(rows).putInt(columns).array();
    }
}
