package org.fedomics.consent.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A patient's key for the commitments their ledger leaves carry in place of their pseudonym. The
 * service keeps it and shows it only to that patient, who can then check that an entry commits to
 * them; without it a leaf links to no one, and erasing it unlinks every leaf for good.
 *
 * <p>A commitment is HMAC-SHA256 under this key of the ASCII text
 * {@code "fedomics-ledger-commitment-v1\n"}, the pseudonym in UTF-8, a newline (0x0A) and the 32
 * bytes of the event body's SHA-256. Binding the body makes every leaf's commitment different, so
 * leaves of one patient cannot be grouped by their commitment.
 */
public final class CommitmentKey {
    public static final int LENGTH = 32;
    private static final byte[] LABEL = "fedomics-ledger-commitment-v1\n".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;

    private CommitmentKey(byte[] key) {
        this.key = key;
    }

    public static CommitmentKey generate(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new CommitmentKey(key);
    }

    /** A key as stored: exactly 32 bytes (copied). */
    public static CommitmentKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("a commitment key has " + LENGTH + " bytes, not " + key.length);
        }
        return new CommitmentKey(key.clone());
    }

    public static CommitmentKey fromBase64(String text) {
        return of(Base64.getDecoder().decode(Objects.requireNonNull(text, "text")));
    }

    /** The key's bytes, for storage. */
    public byte[] bytes() {
        return key.clone();
    }

    /** The key in standard base64, for its patient only. */
    public String base64() {
        return Base64.getEncoder().encodeToString(key);
    }

    /** The commitment to {@code pseudonym} for the event whose body hashes to {@code bodyHash}. */
    public Hash commit(String pseudonym, Hash bodyHash) {
        Objects.requireNonNull(pseudonym, "pseudonym");
        Objects.requireNonNull(bodyHash, "bodyHash");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(LABEL);
            mac.update(pseudonym.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            mac.update(bodyHash.bytes());
            return Hash.wrap(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "CommitmentKey[hidden]";
    }
}
