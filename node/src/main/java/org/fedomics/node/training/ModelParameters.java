package org.fedomics.node.training;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.tribuo.math.la.DenseMatrix;

/**
 * The parameters of a linear model in Tribuo's layout: one row per label, one column per feature
 * plus a last column for the bias. Stored as a copy; readers get copies.
 */
public final class ModelParameters {
    private final int rows;
    private final int columns;
    private final double[] values;

    private ModelParameters(int rows, int columns, double[] values) {
        if (rows < 1 || columns < 2 || values.length != rows * columns) {
            throw new IllegalArgumentException("parameters of shape " + rows + "x" + columns + " need " + rows * columns
                    + " values, got " + values.length);
        }
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("parameters must be finite numbers");
            }
        }
        this.rows = rows;
        this.columns = columns;
        this.values = values;
    }

    public static ModelParameters zeros(int rows, int columns) {
        return new ModelParameters(rows, columns, new double[rows * columns]);
    }

    public static ModelParameters of(int rows, int columns, double[] rowMajorValues) {
        return new ModelParameters(rows, columns, rowMajorValues.clone());
    }

    static ModelParameters fromMatrix(DenseMatrix matrix) {
        int r = matrix.getDimension1Size();
        int c = matrix.getDimension2Size();
        double[] values = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                values[i * c + j] = matrix.get(i, j);
            }
        }
        return new ModelParameters(r, c, values);
    }

    DenseMatrix toMatrix() {
        double[][] grid = new double[rows][columns];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(values, i * columns, grid[i], 0, columns);
        }
        return DenseMatrix.createDenseMatrix(grid);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int size() {
        return values.length;
    }

    public double[] toArray() {
        return values.clone();
    }

    double get(int row, int column) {
        return values[row * columns + column];
    }

    /** SHA-256 over the shape and the values, to name a model in provenance and releases. */
    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(8 + 8 * values.length);
            buffer.putInt(rows).putInt(columns);
            for (double value : values) {
                buffer.putDouble(value);
            }
            return HexFormat.of().formatHex(digest.digest(buffer.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
