package org.fedomics.node.training;

import org.fedomics.consent.study.ParameterBlocks;
import org.fedomics.consent.study.ParameterDigest;
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

    /** The SHA-256 that names this model in provenance: that of its one-block wire encoding. */
    public String sha256() {
        return ParameterDigest.sha256(new ParameterBlocks(1, rows, columns, new long[1], values));
    }
}
