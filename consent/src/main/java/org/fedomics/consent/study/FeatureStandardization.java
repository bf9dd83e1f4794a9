package org.fedomics.consent.study;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The consortium's per-block feature means and standard deviations, from the secure sum of every
 * node's statistics before round 1: what every node standardizes each block's records with, so
 * that a parameter means the same thing at every hospital. A standard deviation of 0 marks a
 * feature that is constant in that block (it carries no signal and standardizes to 0). Arrays are
 * block-major, as in {@link FeatureStatistics}.
 */
public record FeatureStandardization(int blocks, int features, double[] means, double[] sds) {
    private static final int MAGIC = 0x46444d53; // "FDMS"
    private static final int VERSION = 1;
    /** As for parameter blocks: larger than any study, refused before allocating. */
    private static final long MAX_VALUES = 100_000_000L;

    public FeatureStandardization {
        if (blocks < 1 || features < 1 || (long) blocks * features > MAX_VALUES) {
            throw new IllegalArgumentException("a standardization of " + blocks + " blocks x " + features + " features is out of range");
        }
        if (means.length != blocks * features || sds.length != blocks * features) {
            throw new IllegalArgumentException("standardization: " + means.length + " means and " + sds.length
                    + " standard deviations do not fit " + blocks + " blocks x " + features + " features");
        }
        for (int i = 0; i < means.length; i++) {
            if (!Double.isFinite(means[i]) || !Double.isFinite(sds[i]) || sds[i] < 0) {
                throw new IllegalArgumentException("standardization: means must be finite and standard deviations finite and >= 0");
            }
        }
        means = means.clone();
        sds = sds.clone();
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] sds() {
        return sds.clone();
    }

    /** Block {@code block}'s means, one per feature. */
    public double[] means(int block) {
        return slice(means, block);
    }

    /** Block {@code block}'s standard deviations, one per feature. */
    public double[] sds(int block) {
        return slice(sds, block);
    }

    private double[] slice(double[] values, int block) {
        if (block < 0 || block >= blocks) {
            throw new IllegalArgumentException("block " + block + " is not one of the standardization's " + blocks);
        }
        double[] out = new double[features];
        System.arraycopy(values, block * features, out, 0, features);
        return out;
    }

    /** The standardization of only the features at {@code indices} (ascending, each in range), every block. */
    public FeatureStandardization select(int[] indices) {
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= features || (i > 0 && indices[i] <= indices[i - 1])) {
                throw new IllegalArgumentException("feature indices must be ascending and within 0.." + (features - 1));
            }
        }
        double[] selectedMeans = new double[blocks * indices.length];
        double[] selectedSds = new double[blocks * indices.length];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < indices.length; i++) {
                selectedMeans[b * indices.length + i] = means[b * features + indices[i]];
                selectedSds[b * indices.length + i] = sds[b * features + indices[i]];
            }
        }
        return new FeatureStandardization(blocks, indices.length, selectedMeans, selectedSds);
    }

    /** Whether this standardization has the study's shape: one block per fold and the final model, one entry per feature. */
    public boolean fits(StudyRequest study) {
        return blocks == study.plan().blocks() && features == study.features().size();
    }

    public String sha256() {
        return ParameterDigest.sha256(encode());
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + 16 * means.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(blocks);
            out.writeInt(features);
            for (double mean : means) {
                out.writeDouble(mean);
            }
            for (double sd : sds) {
                out.writeDouble(sd);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Decodes and validates; a malformed message gets an error that says what is wrong with it. */
    public static FeatureStandardization decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            if (encoded.length < 16 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a standardization message");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("standardization version " + version + " is not supported");
            }
            int blocks = in.readInt();
            int features = in.readInt();
            long values = (long) blocks * features;
            if (blocks < 1 || features < 1 || values > MAX_VALUES || encoded.length != 16 + 16 * values) {
                throw new IllegalArgumentException("standardization message of " + encoded.length
                        + " bytes does not match its declared shape " + blocks + "x" + features);
            }
            double[] means = new double[(int) values];
            double[] sds = new double[(int) values];
            for (int i = 0; i < means.length; i++) {
                means[i] = in.readDouble();
            }
            for (int i = 0; i < sds.length; i++) {
                sds[i] = in.readDouble();
            }
            return new FeatureStandardization(blocks, features, means, sds);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated standardization message");
        }
    }
}
