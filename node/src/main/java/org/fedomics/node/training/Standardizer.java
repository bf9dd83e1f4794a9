package org.fedomics.node.training;

import java.util.List;

/**
 * Per-feature z-scores. With the consortium's means and standard deviations ({@link #of}, summed
 * securely before round 1) every hospital standardizes alike; under a record-level privacy plan a
 * hospital fits them to its own training records ({@link #fit}), which never leave it.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /** Standardizes with given means and standard deviations; a standard deviation of 0 marks a constant feature. */
    public static Standardizer of(double[] means, double[] sds) {
        if (means.length != sds.length) {
            throw new IllegalArgumentException(means.length + " means and " + sds.length + " standard deviations do not pair up");
        }
        double[] scale = new double[sds.length];
        for (int j = 0; j < sds.length; j++) {
            if (!(sds[j] >= 0) || !Double.isFinite(sds[j]) || !Double.isFinite(means[j])) {
                throw new IllegalArgumentException("feature " + j + ": means must be finite and standard deviations finite and >= 0");
            }
            scale[j] = scaleOf(sds[j]);
        }
        return new Standardizer(means.clone(), scale);
    }

    /** Means and sample standard deviations (n - 1) of the given rows. */
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
            scale[j] = scaleOf(rows.size() > 1 ? Math.sqrt(sumSquares[j] / (rows.size() - 1)) : 0.0);
        }
        return new Standardizer(mean, scale);
    }

    /** A constant feature carries no signal; centring it to zero is enough. */
    private static double scaleOf(double sd) {
        return sd > 1e-12 ? 1.0 / sd : 0.0;
    }

    public double[] apply(double[] row) {
        if (row.length != mean.length) {
            throw new IllegalArgumentException("a row of " + row.length + " features does not fit a standardizer of " + mean.length);
        }
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) * scale[j];
        }
        return out;
    }
}
