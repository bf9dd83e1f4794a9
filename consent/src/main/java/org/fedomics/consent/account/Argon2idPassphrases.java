package org.fedomics.consent.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Patients' passphrases hashed with Argon2id (BouncyCastle), a fresh 16-byte salt per hash, and
 * stored in the PHC string format of the reference implementation
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded base64), so the cost travels
 * with each hash. Passphrases are NFKC-normalized first: the same passphrase typed on another
 * keyboard or system verifies.
 */
public final class Argon2idPassphrases {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{43})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Argon2idCost cost;
    private final SecureRandom random;

    public Argon2idPassphrases(Argon2idCost cost, SecureRandom random) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The hasher the services use: {@link Argon2idCost#OWASP} and the platform's strong random source. */
    public static Argon2idPassphrases owasp() {
        return new Argon2idPassphrases(Argon2idCost.OWASP, new SecureRandom());
    }

    public Argon2idCost cost() {
        return cost;
    }

    /** A new hash of {@code passphrase} under a fresh salt. */
    public String hash(String passphrase) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return encode(passphrase, salt, cost);
    }

    /**
     * Whether {@code passphrase} matches {@code stored}, compared in constant time. A stored value
     * that is not an Argon2id PHC string within {@link Argon2idCost}'s limits never matches.
     */
    public boolean verify(String passphrase, String stored) {
        Matcher phc = stored == null ? null : PHC.matcher(stored);
        if (phc == null || !phc.matches()) {
            return false;
        }
        Argon2idCost storedCost;
        try {
            storedCost = new Argon2idCost(Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)),
                    Integer.parseInt(phc.group(3)));
        } catch (IllegalArgumentException outOfLimits) {
            return false;
        }
        byte[] salt;
        byte[] expected;
        try {
            salt = B64_DECODER.decode(phc.group(4));
            expected = B64_DECODER.decode(phc.group(5));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] actual = derive(passphrase, salt, storedCost);
        try {
            return MessageDigest.isEqual(expected, actual);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    /** The PHC string for a given salt: the deterministic core of {@link #hash}, checked against reference vectors. */
    static String encode(String passphrase, byte[] salt, Argon2idCost cost) {
        byte[] hash = derive(passphrase, salt, cost);
        try {
            return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                    + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    private static byte[] derive(String passphrase, byte[] salt, Argon2idCost cost) {
        Objects.requireNonNull(passphrase, "passphrase");
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] secret = Normalizer.normalize(passphrase, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HASH_BYTES];
        try {
            generator.generateBytes(secret, out);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
