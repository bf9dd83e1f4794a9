package org.fedomics.crypto.secagg;

/**
 * Fixed-point encoding of real vectors into Z_(2^k) and back, two's-complement style: a value x
 * is clipped to [-clip, clip], becomes q = round(x * scale), and is sent as q mod 2^k. The sum of
 * n such vectors decodes exactly (up to the rounding of each input) as long as it cannot wrap
 * around, that is while n x max|q| &lt; 2^(k-1), which {@link #requireNodes} checks and
 * {@link #forNodes} guarantees by construction.
 */
public final class FixedPoint {

    /** Scales above 2^52 would make round(x * scale) inexact for |x| near 1. */
    private static final double MAX_SCALE = 0x1p52;

    private final int modulusBits;
    private final double clip;
    private final double scale;
    private final long maxQuantized;

    /**
     * @param modulusBits k, as in the session's {@link SecAggConfig}
     * @param clip inputs are clipped to [-clip, clip]; positive and finite
     * @param scale quantization steps per unit; positive, at most 2^52
     * @throws IllegalArgumentException if a parameter is out of range or even one node's clipped
     *     value does not fit in k - 1 bits
     */
    public FixedPoint(int modulusBits, double clip, double scale) {
        requireParameters(modulusBits, clip);
        if (!(scale > 0) || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale must be in (0, 2^52], got " + scale);
        }
        double max = Math.rint(clip * scale);
        if (!(max < Math.scalb(1.0, modulusBits - 1))) {
            throw new IllegalArgumentException("clip x scale = " + clip * scale + " does not fit in " + (modulusBits - 1) + " bits");
        }
        this.modulusBits = modulusBits;
        this.clip = clip;
        this.scale = scale;
        this.maxQuantized = (long) max;
    }

    /**
     * The finest power-of-two scale at which the sum of {@code nodes} clipped inputs cannot wrap
     * around mod 2^k.
     *
     * @throws IllegalArgumentException if no scale of at least 2^-52 leaves room for that many nodes
     */
    public static FixedPoint forNodes(int nodes, int modulusBits, double clip) {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
        }
        requireParameters(modulusBits, clip);
        // largest q with nodes x q < 2^(k-1), then the largest power of two with round(clip x scale) <= q
        long perNode = ((1L << (modulusBits - 1)) - 1) / nodes;
        if (perNode < 1) {
            throw new IllegalArgumentException(nodes + " nodes do not fit in " + modulusBits + " bits");
        }
        int exponent = Math.min(52, Math.getExponent(perNode / clip) + 1);
        while (exponent >= -52 && Math.rint(clip * Math.scalb(1.0, exponent)) > perNode) {
            exponent--;
        }
        if (exponent < -52) {
            throw new IllegalArgumentException("clip " + clip + " is too large for " + nodes + " nodes in " + modulusBits + " bits");
        }
        return new FixedPoint(modulusBits, clip, Math.scalb(1.0, exponent));
    }

    private static void requireParameters(int modulusBits, double clip) {
        if (modulusBits < SecAggConfig.MIN_MODULUS_BITS || modulusBits > SecAggConfig.MAX_MODULUS_BITS) {
            throw new IllegalArgumentException("modulus bits " + modulusBits + " must be "
                    + SecAggConfig.MIN_MODULUS_BITS + ".." + SecAggConfig.MAX_MODULUS_BITS);
        }
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("clip must be positive and finite, got " + clip);
        }
    }

    /** Whether the sum of {@code nodes} inputs always decodes: nodes x max|q| &lt; 2^(k-1). */
    public boolean fits(int nodes) {
        return nodes >= 1 && maxQuantized <= ((1L << (modulusBits - 1)) - 1) / nodes;
    }

    /** @throws IllegalArgumentException unless {@link #fits} holds for {@code nodes} */
    public void requireNodes(int nodes) {
        if (!fits(nodes)) {
            throw new IllegalArgumentException("the sum of " + nodes + " inputs clipped to " + clip + " at scale " + scale
                    + " can overflow 2^" + (modulusBits - 1) + ": lower the scale or raise modulus bits");
        }
    }

    /**
     * Clips to [-clip, clip], quantizes and reduces mod 2^k.
     *
     * @throws IllegalArgumentException on NaN or infinity (rejected before clipping), naming the index
     */
    public long[] encode(double[] values) {
        long reduce = (1L << modulusBits) - 1;
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double value = values[i];
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("value " + i + " is " + value + "; only finite values can be encoded");
            }
            double clipped = Math.max(-clip, Math.min(clip, value));
            out[i] = Math.round(clipped * scale) & reduce;
        }
        return out;
    }

    /** The real sum from a sum mod 2^k: elements at or above 2^(k-1) are negative. */
    public double[] decode(long[] sum) {
        long reduce = (1L << modulusBits) - 1;
        long half = 1L << (modulusBits - 1);
        double[] out = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            long value = sum[i] & reduce;
            if (value >= half) {
                value -= 1L << modulusBits;
            }
            out[i] = value / scale;
        }
        return out;
    }

    public int modulusBits() {
        return modulusBits;
    }

    public double clip() {
        return clip;
    }

    public double scale() {
        return scale;
    }

    /** max|q| = round(clip x scale). */
    public long maxQuantized() {
        return maxQuantized;
    }

    /** The largest number of nodes whose sum always decodes. */
    public long maxNodes() {
        return maxQuantized == 0 ? Long.MAX_VALUE : ((1L << (modulusBits - 1)) - 1) / maxQuantized;
    }

    @Override
    public String toString() {
        return "FixedPoint[k=" + modulusBits + ", clip=" + clip + ", scale=" + scale + ", maxQuantized=" + maxQuantized + "]";
    }
}
