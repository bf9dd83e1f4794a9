package org.fedomics.crypto.secagg;

import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the coordinator can do with threshold unmaskings: rebuild each survivor's seed and each
 * dropped node's mask key, and take the masks those secrets generate out of a vector.
 */
final class MaskRemoval {

    private final SecAggConfig config;
    private final byte[] sessionId;
    private final Map<String, Advertisement> advertisements;
    private final List<Unmasking> used;
    private final int[] xs;
    private final MaskStream stream = new MaskStream();

    /**
     * @param used exactly threshold unmaskings: their senders' roster positions are the
     *     evaluation points of the shares they reveal
     */
    MaskRemoval(SecAggConfig config, byte[] sessionId, Map<String, Advertisement> advertisements, List<Unmasking> used) {
        this.config = config;
        this.sessionId = sessionId;
        this.advertisements = advertisements;
        this.used = used;
        this.xs = used.stream().mapToInt(u -> config.indexOf(u.sender()) + 1).toArray();
    }

    /** vector -= PRG(b_survivor), with b rebuilt from the seed shares. */
    void removeSelfMask(long[] vector, String survivor) throws Malformed {
        byte[] seed = reconstruct(survivor);
        byte[] key = KeySchedule.selfMaskKey(seed, sessionId, survivor);
        stream.apply(vector, key, true, config.modulusBits());
        X25519.wipe(seed);
        X25519.wipe(key);
    }

    /**
     * The mask private key of a dropped node, rebuilt from its shares and checked against the
     * public key it advertised.
     */
    byte[] droppedMaskKey(String dropped) throws Malformed {
        byte[] maskKey = reconstruct(dropped);
        try {
            if (!Arrays.equals(X25519.publicKey(maskKey), advertisements.get(dropped).maskKey())) {
                throw new Malformed("the mask key of " + dropped
                        + " rebuilt from the shares does not match its advertised key (a node sent a wrong share)");
            }
        } catch (InvalidKeyException e) {
            throw new Malformed("the mask key of " + dropped + " rebuilt from the shares is unusable");
        }
        return maskKey;
    }

    /** Takes out of {@code vector} the pairwise mask the survivor put in for the dropped node. */
    void removePairwiseMask(long[] vector, String survivor, String dropped, byte[] droppedMaskKey) throws Malformed {
        byte[] secret;
        try {
            secret = X25519.agree(droppedMaskKey, advertisements.get(survivor).maskKey());
        } catch (InvalidKeyException e) {
            throw new Malformed("key agreement between " + dropped + " and " + survivor + " failed");
        }
        byte[] key = KeySchedule.pairwiseMaskKey(secret, sessionId, survivor, dropped);
        // the survivor added the mask if it comes later in the roster than the dropped node
        stream.apply(vector, key, config.indexOf(survivor) > config.indexOf(dropped), config.modulusBits());
        X25519.wipe(secret);
        X25519.wipe(key);
    }

    private byte[] reconstruct(String owner) throws Malformed {
        byte[][] shares = new byte[used.size()][];
        for (int i = 0; i < used.size(); i++) {
            shares[i] = used.get(i).byOwner().get(owner).share();
        }
        try {
            return Shamir.reconstruct(config.threshold(), xs, shares, X25519.KEY_BYTES);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the shares of " + owner + " do not reconstruct a secret (a node sent a wrong share)");
        }
    }
}
