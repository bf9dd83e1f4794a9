package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void open_wrongMagicOrVersion_refused() {
        byte[] message = WireWriter.message(MessageKind.MASKED_INPUT, 16).string("node-00").toByteArray();
        assertThatThrownBy(() -> WireReader.open(message, MessageKind.UNMASKING)).isInstanceOf(Malformed.class)
                .hasMessage("not a unmasking (wrong magic)");
        byte[] nextVersion = message.clone();
        nextVersion[4] = 2;
        assertThatThrownBy(() -> WireReader.open(nextVersion, MessageKind.MASKED_INPUT)).isInstanceOf(Malformed.class)
                .hasMessage("masked input has format version 2, expected 1");
        assertThatThrownBy(() -> WireReader.open(new byte[3], MessageKind.MASKED_INPUT)).hasMessage("not a masked input (wrong magic)");
        assertThatThrownBy(() -> WireReader.open(null, MessageKind.MASKED_INPUT)).hasMessage("masked input is missing");
    }

    @Test
    void bytes_declaredLengthAboveTheLimit_refusedBeforeAllocating() throws Exception {
        byte[] message = WireWriter.message(MessageKind.ADVERTISEMENT, 16).u32(0xFFFF_FFFFL).toByteArray();
        WireReader reader = WireReader.open(message, MessageKind.ADVERTISEMENT);
        assertThatThrownBy(() -> reader.bytes("certificate", 16 * 1024)).isInstanceOf(Malformed.class)
                .hasMessage("advertisement field certificate length is 4294967295, allowed 0..16384");
    }

    @Test
    void bytes_declaredLengthBeyondTheMessage_refusedBeforeAllocating() throws Exception {
        byte[] message = WireWriter.message(MessageKind.ADVERTISEMENT, 16).u32(1000).raw(new byte[10]).toByteArray();
        WireReader reader = WireReader.open(message, MessageKind.ADVERTISEMENT);
        assertThatThrownBy(() -> reader.bytes("certificate", 16 * 1024)).isInstanceOf(Malformed.class)
                .hasMessage("advertisement is truncated in certificate");
    }

    @Test
    void string_invalidUtf8OrTooLong_refused() throws Exception {
        byte[] message = WireWriter.message(MessageKind.UNMASKING, 16).u16(2).raw(new byte[] {(byte) 0xC3, 0x28}).toByteArray();
        WireReader reader = WireReader.open(message, MessageKind.UNMASKING);
        assertThatThrownBy(() -> reader.string("sender", 63)).hasMessage("unmasking field sender is not valid UTF-8");
        byte[] longName = WireWriter.message(MessageKind.UNMASKING, 16).string("x".repeat(64)).toByteArray();
        WireReader second = WireReader.open(longName, MessageKind.UNMASKING);
        assertThatThrownBy(() -> second.string("sender", 63)).hasMessage("unmasking field sender is 64 bytes, at most 63 allowed");
    }

    @Test
    void end_trailingBytes_refused() throws Exception {
        byte[] message = WireWriter.message(MessageKind.UNMASKING, 16).u8(1).u8(2).toByteArray();
        WireReader reader = WireReader.open(message, MessageKind.UNMASKING);
        reader.u8();
        assertThatThrownBy(reader::end).hasMessage("unmasking has 1 trailing bytes");
        reader.u8();
        reader.end();
    }

    @Test
    void packed_everyModulus_roundTripsInCeilKOver8BytesPerElement() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int bits = SecAggConfig.MIN_MODULUS_BITS; bits <= SecAggConfig.MAX_MODULUS_BITS; bits++) {
            int bytesPerElement = (bits + 7) / 8;
            long mask = (1L << bits) - 1;
            long[] values = random.longs(100).map(v -> v & mask).toArray();
            values[0] = mask;
            values[1] = 0;
            byte[] message = WireWriter.message(MessageKind.MASKED_INPUT, 16).packed(values, bytesPerElement).toByteArray();
            assertThat(message).hasSize(5 + 100 * bytesPerElement);
            WireReader reader = WireReader.open(message, MessageKind.MASKED_INPUT);
            assertThat(reader.packed(100, bytesPerElement, bits, "elements")).containsExactly(values);
            reader.end();
        }
    }
}
