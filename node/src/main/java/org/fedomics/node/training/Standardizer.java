package org.fedomics.node.training;

import java.util.List;

/**
 * Per-feature z-scores from one site's training records. Each site standardizes with its own
 * statistics, which never leave it (consortium-wide statistics need secure sums).
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    public static Standardizer fit(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot standardize without rows");
        }
        int d = rows.get(0).length;
        double[] mean = new double[d];
        double[] sumSquares = new double[d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.size();
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                double centred = row[j] - mean[j];
                sumSquares[j] += centred * centred;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double sd = rows.size() > 1 ? Math.sqrt(sumSquares[j] / (rows.size() - 1)) : 0.0;
            // A constant feature carries no signal; centring it to zero is enough.
            scale[j] = sd > 1e-12 ? 1.0 / sd : 0.0;
        }
        return new Standardizer(mean, scale);
    }

    public double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) * scale[j];
        }
        return out;
    }
}
