package org.fedomics.consent.study;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The study's parameter vector on the wire: {@code blocks} matrices of {@code rows x columns}
 * (one per cross-fitting fold, then the final model), each with a record count. A global model
 * carries counts of zero; a node's update carries its weighted parameters (count x parameters,
 * so that a plain or secure sum followed by one division is FedAvg) and its counts.
 */
public record ParameterBlocks(int blocks, int rows, int columns, long[] counts, double[] values) {
    private static final int MAGIC = 0x46444d42; // "FDMB"
    private static final int VERSION = 1;
    /** Larger than any study this platform runs (100 million values): refuse before allocating. */
    private static final long MAX_VALUES = 100_000_000L;

    public ParameterBlocks {
        if (valueCount(blocks, rows, columns) < 0) {
            throw new IllegalArgumentException("parameter blocks of shape " + blocks + "x" + rows + "x" + columns + " are out of range");
        }
        if (counts.length != blocks || values.length != valueCount(blocks, rows, columns)) {
            throw new IllegalArgumentException("parameter blocks: " + counts.length + " counts and " + values.length
                    + " values do not fit " + blocks + "x" + rows + "x" + columns);
        }
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("parameter blocks: negative record count");
            }
        }
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("parameter blocks: values must be finite");
            }
        }
        counts = counts.clone();
        values = values.clone();
    }

    /** A study's first global model: every parameter and count 0, one row per label, one column per feature plus the bias. */
    public static ParameterBlocks zeros(StudyRequest study) {
        int blocks = study.plan().blocks();
        int rows = study.outcome().labels().size();
        int columns = study.features().size() + 1;
        return new ParameterBlocks(blocks, rows, columns, new long[blocks], new double[blocks * rows * columns]);
    }

    /**
     * {@code blocks x rows x columns}, or -1 if a dimension is below 1 or the product exceeds
     * {@link #MAX_VALUES}; checked step by step, since the product of three ints can overflow a long.
     */
    private static long valueCount(int blocks, int rows, int columns) {
        if (blocks < 1 || rows < 1 || columns < 1) {
            return -1;
        }
        long blockRows = (long) blocks * rows; // below 2^62
        if (blockRows > MAX_VALUES) {
            return -1;
        }
        long count = blockRows * columns; // below 2^27 * 2^31
        return count > MAX_VALUES ? -1 : count;
    }

    public int blockSize() {
        return rows * columns;
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double[] block(int index) {
        double[] out = new double[blockSize()];
        System.arraycopy(values, index * blockSize(), out, 0, blockSize());
        return out;
    }

    public long count(int index) {
        return counts[index];
    }

    public boolean sameShape(ParameterBlocks other) {
        return blocks == other.blocks && rows == other.rows && columns == other.columns;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(24 + 8 * (counts.length + values.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(blocks);
            out.writeInt(rows);
            out.writeInt(columns);
            for (long count : counts) {
                out.writeLong(count);
            }
            for (double value : values) {
                out.writeDouble(value);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes and validates; a malformed message gets an error that says what is wrong with it. */
    public static ParameterBlocks decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            if (encoded.length < 20 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a parameter-blocks message");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("parameter-blocks version " + version + " is not supported");
            }
            int blocks = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            long valueCount = valueCount(blocks, rows, columns);
            if (valueCount < 0 || encoded.length != 20 + 8L * blocks + 8L * valueCount) {
                throw new IllegalArgumentException("parameter-blocks message of " + encoded.length
                        + " bytes does not match its declared shape " + blocks + "x" + rows + "x" + columns);
            }
            long[] counts = new long[blocks];
            for (int i = 0; i < blocks; i++) {
                counts[i] = in.readLong();
            }
            double[] values = new double[(int) valueCount];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            return new ParameterBlocks(blocks, rows, columns, counts, values);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated parameter-blocks message");
        }
    }
}
