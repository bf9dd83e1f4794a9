package org.fedomics.crypto.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Shamir secret sharing over the prime field p = 2^31 + 11, compatible with Google's SecAgg: a
 * secret of L bytes is read as a big-endian number and cut into ceil(8L / 31) pieces of 31 bits
 * (most significant first), each shared with its own random polynomial of degree threshold - 1;
 * a share holds one 4-byte big-endian field element per piece. Party i gets the polynomial at
 * x = i + 1.
 */
final class Shamir {

    static final long PRIME = 2_147_483_659L;
    private static final int PIECE_BITS = 31;
    private static final long PIECE_MASK = (1L << PIECE_BITS) - 1;

    private Shamir() {
    }

    /** Bytes of one share of a secret of {@code secretLength} bytes. */
    static int shareLength(int secretLength) {
        return 4 * pieces(secretLength);
    }

    /**
     * Shares {@code secret} among the parties at evaluation points {@code xs} (distinct, in 1..p-1);
     * any {@code threshold} of the shares reconstruct it, fewer reveal nothing.
     */
    static byte[][] split(byte[] secret, int threshold, int[] xs, SecureRandom random) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        if (threshold < 2 || threshold > xs.length) {
            throw new IllegalArgumentException("threshold " + threshold + " must be between 2 and the number of shares " + xs.length);
        }
        long[] pieces = divide(secret);
        byte[][] shares = new byte[xs.length][4 * pieces.length];
        long[] coefficients = new long[threshold];
        for (int piece = 0; piece < pieces.length; piece++) {
            coefficients[0] = pieces[piece];
            for (int c = 1; c < threshold; c++) {
                coefficients[c] = randomFieldElement(random);
            }
            for (int s = 0; s < xs.length; s++) {
                putInt(shares[s], 4 * piece, evaluate(coefficients, xs[s]));
            }
        }
        java.util.Arrays.fill(coefficients, 0);
        java.util.Arrays.fill(pieces, 0);
        return shares;
    }

    /**
     * The secret of {@code secretLength} bytes from shares at points {@code xs}.
     *
     * @throws IllegalArgumentException with fewer than {@code threshold} shares, shares of the wrong
     *     length or field elements out of range, repeated points, or a result that does not fit in
     *     {@code secretLength} bytes (shares that do not belong together)
     */
    static byte[] reconstruct(int threshold, int[] xs, byte[][] shares, int secretLength) {
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold must be at least 2");
        }
        if (xs.length != shares.length) {
            throw new IllegalArgumentException("one evaluation point per share needed");
        }
        if (shares.length < threshold) {
            throw new IllegalArgumentException(shares.length + " shares given, " + threshold + " needed");
        }
        int pieceCount = pieces(secretLength);
        long[] lagrange = lagrangeAtZero(xs);
        long[] pieces = new long[pieceCount];
        for (int s = 0; s < shares.length; s++) {
            if (shares[s].length != 4 * pieceCount) {
                throw new IllegalArgumentException("share " + s + " is " + shares[s].length + " bytes, expected " + 4 * pieceCount);
            }
            for (int piece = 0; piece < pieceCount; piece++) {
                long value = getInt(shares[s], 4 * piece);
                if (value >= PRIME) {
                    throw new IllegalArgumentException("share " + s + " holds a value outside the field");
                }
                pieces[piece] = (pieces[piece] + value * lagrange[s]) % PRIME;
            }
        }
        byte[] secret = rebuild(pieces, secretLength);
        java.util.Arrays.fill(pieces, 0);
        return secret;
    }

    /** Lagrange basis polynomials at 0: l_i = prod_{j != i} x_j / (x_j - x_i) mod p. */
    static long[] lagrangeAtZero(int[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] <= 0 || xs[i] >= PRIME) {
                throw new IllegalArgumentException("evaluation point " + xs[i] + " out of range");
            }
            long numerator = 1;
            long denominator = 1;
            for (int j = 0; j < xs.length; j++) {
                if (i == j) {
                    continue;
                }
                if (xs[i] == xs[j]) {
                    throw new IllegalArgumentException("evaluation point " + xs[i] + " repeated");
                }
                numerator = numerator * xs[j] % PRIME;
                denominator = denominator * Math.floorMod((long) xs[j] - xs[i], PRIME) % PRIME;
            }
            out[i] = numerator * inverse(denominator) % PRIME;
        }
        return out;
    }

    private static long inverse(long value) {
        return BigInteger.valueOf(value).modInverse(BigInteger.valueOf(PRIME)).longValueExact();
    }

    private static long evaluate(long[] coefficients, int x) {
        long sum = 0;
        for (int c = coefficients.length - 1; c >= 0; c--) {
            sum = (sum * x + coefficients[c]) % PRIME;
        }
        return sum;
    }

    private static long randomFieldElement(SecureRandom random) {
        long value;
        do {
            value = random.nextInt() & 0xFFFF_FFFFL;
        } while (value >= PRIME);
        return value;
    }

    private static int pieces(int secretLength) {
        if (secretLength <= 0) {
            throw new IllegalArgumentException("secret length must be positive");
        }
        return (int) ((8L * secretLength + PIECE_BITS - 1) / PIECE_BITS);
    }

    private static long[] divide(byte[] secret) {
        BigInteger value = new BigInteger(1, secret);
        long[] pieces = new long[pieces(secret.length)];
        for (int piece = pieces.length - 1; piece >= 0; piece--) {
            pieces[piece] = value.longValue() & PIECE_MASK;
            value = value.shiftRight(PIECE_BITS);
        }
        return pieces;
    }

    private static byte[] rebuild(long[] pieces, int secretLength) {
        BigInteger value = BigInteger.ZERO;
        for (long piece : pieces) {
            if (piece > PIECE_MASK) {
                throw new IllegalArgumentException("shares do not reconstruct a valid secret");
            }
            value = value.shiftLeft(PIECE_BITS).or(BigInteger.valueOf(piece));
        }
        if (value.bitLength() > 8 * secretLength) {
            throw new IllegalArgumentException("shares do not reconstruct a valid secret");
        }
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[secretLength];
        int copy = Math.min(bigEndian.length, secretLength);
        System.arraycopy(bigEndian, bigEndian.length - copy, out, secretLength - copy, copy);
        return out;
    }

    private static void putInt(byte[] out, int offset, long value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    private static long getInt(byte[] in, int offset) {
        return ((in[offset] & 0xFFL) << 24) | ((in[offset + 1] & 0xFFL) << 16) | ((in[offset + 2] & 0xFFL) << 8) | (in[offset + 3] & 0xFFL);
    }
}
