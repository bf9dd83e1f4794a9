package org.fedomics.crypto.aead;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The plaintext header of an encrypted file:
 * <pre>
 *   "FEDOMICS"            8 bytes magic
 *   version               1 byte (1)
 *   master key id length  1 byte, then the id in ASCII
 *   wrapped keyset length 4 bytes big-endian, then the Tink keyset encrypted under the master key
 * </pre>
 * followed by Tink's AES-GCM-HKDF streaming ciphertext. Nothing in the header is secret; the
 * wrapped keyset is bound to magic, version and key id as associated data.
 */
record FileHeader(int version, String masterKeyId, byte[] wrappedKeyset) {

    static final byte[] MAGIC = "FEDOMICS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int MAX_WRAPPED_KEYSET = 64 * 1024;

    FileHeader {
        wrappedKeyset = wrappedKeyset.clone();
        byte[] id = masterKeyId.getBytes(StandardCharsets.US_ASCII);
        if (id.length == 0 || id.length > 255) {
            throw new IllegalArgumentException("master key id must be 1-255 ASCII bytes");
        }
    }

    @Override
    public byte[] wrappedKeyset() {
        return wrappedKeyset.clone();
    }

    /** Bytes in front of the streaming ciphertext. */
    int length() {
        return MAGIC.length + 1 + 1 + masterKeyId.length() + 4 + wrappedKeyset.length;
    }

    /** Associated data for wrapping the keyset: a header cannot claim another key id or version. */
    byte[] keysetAssociatedData() {
        return prefix();
    }

    /** Associated data for the data stream: format, version and the caller's context. */
    static byte[] streamAssociatedData(byte[] context) {
        byte[] aad = Arrays.copyOf(MAGIC, MAGIC.length + 1 + context.length);
        aad[MAGIC.length] = (byte) VERSION;
        System.arraycopy(context, 0, aad, MAGIC.length + 1, context.length);
        return aad;
    }

    void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(prefix());
        data.writeInt(wrappedKeyset.length);
        data.write(wrappedKeyset);
        data.flush();
    }

    static byte[] keysetAssociatedData(String masterKeyId) {
        return new FileHeader(VERSION, masterKeyId, new byte[0]).prefix();
    }

    private byte[] prefix() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] id = masterKeyId.getBytes(StandardCharsets.US_ASCII);
        bytes.writeBytes(MAGIC);
        bytes.write(version);
        bytes.write(id.length);
        bytes.writeBytes(id);
        return bytes.toByteArray();
    }

    /** Reads and checks a header; errors name the file. */
    static FileHeader readFrom(InputStream in, Path file) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a fedomics encrypted file (bad magic)");
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException(file + " has unsupported encrypted file version " + version);
            }
            byte[] id = new byte[data.readUnsignedByte()];
            data.readFully(id);
            String keyId = new String(id, StandardCharsets.US_ASCII);
            int wrappedLength = data.readInt();
            if (wrappedLength <= 0 || wrappedLength > MAX_WRAPPED_KEYSET) {
                throw new IOException(file + " has a corrupt header (wrapped key length " + wrappedLength + ")");
            }
            byte[] wrapped = new byte[wrappedLength];
            data.readFully(wrapped);
            return new FileHeader(version, keyId, wrapped);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated inside its header", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " has a corrupt header", e);
        }
    }
}
