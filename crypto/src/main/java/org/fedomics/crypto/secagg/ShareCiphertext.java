package org.fedomics.crypto.secagg;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stage 2: the two Shamir shares one node sends another, under AES-256-GCM with a key from
 * X25519(c keys) and HKDF bound to the session id and the ordered pair (sender, recipient); the
 * associated data repeats the session id and the pair, and the plaintext names the pair again,
 * so a ciphertext can be neither redirected nor replayed into another round or study.
 *
 * <pre>
 * "SAes" u8 version | string sender | string recipient | 12 nonce | bytes ciphertext-and-tag
 * plaintext: "SAsp" u8 version | string sender | string recipient | share of s_SK | share of b
 * </pre>
 */
final class ShareCiphertext {

    static final int SHARE_BYTES = Shamir.shareLength(X25519.KEY_BYTES);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_CIPHERTEXT = 512;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    /** The two shares of one owner's secrets that one holder keeps. */
    record Shares(byte[] maskKeyShare, byte[] seedShare) {
        void wipe() {
            Arrays.fill(maskKeyShare, (byte) 0);
            Arrays.fill(seedShare, (byte) 0);
        }
    }

    private final String sender;
    private final String recipient;
    private final byte[] nonce;
    private final byte[] ciphertext;

    private ShareCiphertext(String sender, String recipient, byte[] nonce, byte[] ciphertext) {
        this.sender = sender;
        this.recipient = recipient;
        this.nonce = nonce;
        this.ciphertext = ciphertext;
    }

    String sender() {
        return sender;
    }

    String recipient() {
        return recipient;
    }

    static byte[] seal(byte[] key, byte[] sessionId, String sender, String recipient, Shares shares, SecureRandom random) {
        byte[] plaintext = WireWriter.message(MessageKind.SHARE_PLAINTEXT, 128).string(sender).string(recipient)
                .raw(shares.maskKeyShare()).raw(shares.seedShare()).toByteArray();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(sessionId, sender, recipient));
            byte[] sealed = cipher.doFinal(plaintext);
            return WireWriter.message(MessageKind.ENCRYPTED_SHARE, 256).string(sender).string(recipient)
                    .raw(nonce).bytes(sealed).toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Reads the routing header and the ciphertext; nothing is decrypted yet. */
    static ShareCiphertext parse(byte[] message) throws Malformed {
        WireReader reader = WireReader.open(message, MessageKind.ENCRYPTED_SHARE);
        String sender = reader.string("sender", 63);
        String recipient = reader.string("recipient", 63);
        byte[] nonce = reader.raw(NONCE_BYTES, "nonce");
        byte[] ciphertext = reader.bytes("ciphertext", MAX_CIPHERTEXT);
        reader.end();
        return new ShareCiphertext(sender, recipient, nonce, ciphertext);
    }

    /**
     * The shares, if the ciphertext authenticates under {@code key} for this session and pair and
     * the plaintext names the same pair.
     */
    Shares open(byte[] key, byte[] sessionId) throws Malformed {
        byte[] plaintext;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(sessionId, sender, recipient));
            plaintext = cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new Malformed("shares from " + sender + " do not decrypt in this session"
                    + " (replayed from another round or study, or altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
        try {
            WireReader reader = WireReader.open(plaintext, MessageKind.SHARE_PLAINTEXT);
            String namedSender = reader.string("sender", 63);
            String namedRecipient = reader.string("recipient", 63);
            if (!namedSender.equals(sender) || !namedRecipient.equals(recipient)) {
                throw new Malformed("shares from " + sender + " name another pair inside");
            }
            Shares shares = new Shares(reader.raw(SHARE_BYTES, "mask key share"), reader.raw(SHARE_BYTES, "seed share"));
            reader.end();
            return shares;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static byte[] associatedData(byte[] sessionId, String sender, String recipient) {
        return new WireWriter(96).raw(sessionId).string(sender).string(recipient).toByteArray();
    }
}
