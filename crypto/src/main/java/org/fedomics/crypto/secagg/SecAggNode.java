package org.fedomics.crypto.secagg;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.Es256Signatures;

/**
 * The node side of one secure-aggregation session (Bonawitz et al., CCS 2017, complete graph):
 * call {@link #advertiseKeys}, {@link #shareKeys}, {@link #maskedInput} and {@link #unmask} once
 * each, in that order, passing each result to the coordinator and each of its answers back.
 *
 * <p>The node keeps its own view of who is alive: the advertisers (U1) from stage 2 and the
 * nodes whose shares reached it (U2) from stage 3. It aborts, for good, on anything inconsistent
 * with that view or with the protocol: a stage out of order or repeated, fewer than threshold
 * nodes left, an unknown or repeated node, itself listed as dropped, a node listed as dropped that
 * had already dropped, an advertisement that does not verify, repeated or unusable public keys, an
 * all-zero shared secret, shares that do not decrypt in this session. After an abort every call
 * throws. For every peer it reveals exactly one of the two secrets the peer shared with it.
 *
 * <p>Thread-safe (every method is synchronized); the secrets are wiped when the session ends.
 */
public final class SecAggNode {

    private enum State { NEW, ADVERTISED, SHARED, MASKED, DONE, ABORTED }

    private static final int SEED_BYTES = 32;

    private final SecAggConfig config;
    private final Credential identity;
    private final SecureRandom random;
    private final Clock clock;
    private final String self;
    private final int selfIndex;

    private State state = State.NEW;
    private X25519.KeyPairBytes encryptionKeys;
    private X25519.KeyPairBytes maskKeys;
    private byte[] ownAdvertisement;
    /** U1 in roster order. */
    private Map<String, Advertisement> advertisers;
    private byte[] sessionId;
    private byte[] seed;
    /** U2 in roster order: the shares of each node's secrets that this node holds, its own included. */
    private final Map<String, ShareCiphertext.Shares> held = new TreeMap<>();

    /** A node checking certificate validity against the system clock. */
    public SecAggNode(SecAggConfig config, Credential identity, SecureRandom random) {
        this(config, identity, random, Clock.systemUTC());
    }

    /**
     * @param identity this node's consortium credential: role node, name on the roster; its CA
     *     certificate is the trust anchor for every peer's advertisement
     * @param clock checks the validity period of peers' certificates
     */
    public SecAggNode(SecAggConfig config, Credential identity, SecureRandom random, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        ParticipantIdentity who = identity.identity();
        if (who.role() != Role.NODE) {
            throw new IllegalArgumentException("secure aggregation needs a node credential, not a " + who.role().certName() + " one");
        }
        this.self = who.name();
        this.selfIndex = config.indexOf(self);
        if (selfIndex < 0) {
            throw new IllegalArgumentException("node " + self + " is not on the session roster");
        }
        if (!(identity.certificate().getPublicKey() instanceof ECPublicKey key)) {
            throw new IllegalArgumentException("credential of " + self + " is not an EC P-256 key");
        }
        try {
            Es256Signatures.requireP256(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("credential of " + self + " is not an EC P-256 key", e);
        }
    }

    /** This node's name (its credential's). */
    public String name() {
        return self;
    }

    /**
     * Stage 1: two fresh X25519 key pairs (c for share encryption, s for masks), signed with the
     * node's identity key (ES256) and carrying its certificate.
     */
    public synchronized byte[] advertiseKeys() {
        enter(State.NEW, Stage.ADVERTISE_KEYS, "advertiseKeys");
        encryptionKeys = X25519.generate(random);
        maskKeys = X25519.generate(random);
        ownAdvertisement = Advertisement.sign(config, self, encryptionKeys.publicKey(), maskKeys.publicKey(),
                identity.certificate(), identity.privateKey(), random);
        state = State.ADVERTISED;
        return ownAdvertisement.clone();
    }

    /**
     * Stage 2: checks every advertisement the coordinator forwards (ours included, unchanged),
     * fixes the session id, draws the self-mask seed b, Shamir-shares b and the mask private key
     * t-of-|U1| and returns the shares for every other advertiser, each encrypted to it.
     */
    public synchronized byte[] shareKeys(List<byte[]> advertisements) {
        enter(State.ADVERTISED, Stage.SHARE_KEYS, "shareKeys");
        if (advertisements == null) {
            throw abort(Stage.SHARE_KEYS, "no advertisements given");
        }
        Map<String, Advertisement> byNode = new TreeMap<>();
        for (byte[] message : advertisements) {
            Advertisement advertisement;
            try {
                advertisement = Advertisement.verify(message, config, identity.caCertificate(), clock.instant());
            } catch (Malformed e) {
                throw abort(Stage.SHARE_KEYS, e.getMessage());
            }
            if (byNode.putIfAbsent(advertisement.node(), advertisement) != null) {
                throw abort(Stage.SHARE_KEYS, "advertisement of " + advertisement.node() + " appears twice (repeated id)");
            }
        }
        Advertisement own = byNode.get(self);
        if (own == null || !own.sameBytes(ownAdvertisement)) {
            throw abort(Stage.SHARE_KEYS, own == null ? "our own advertisement is missing" : "our own advertisement was altered");
        }
        if (byNode.size() < config.threshold()) {
            throw abort(Stage.SHARE_KEYS, "fewer than threshold nodes advertised keys: "
                    + byNode.size() + " < " + config.threshold());
        }
        Set<ByteBuffer> keys = new HashSet<>();
        for (Advertisement advertisement : byNode.values()) {
            if (!keys.add(ByteBuffer.wrap(advertisement.encryptionKey())) || !keys.add(ByteBuffer.wrap(advertisement.maskKey()))) {
                throw abort(Stage.SHARE_KEYS, "public key of " + advertisement.node() + " repeats a key already advertised");
            }
        }
        advertisers = byNode;
        sessionId = SessionId.of(config, List.copyOf(byNode.values()));
        seed = new byte[SEED_BYTES];
        random.nextBytes(seed);

        List<String> holders = List.copyOf(byNode.keySet());
        int[] xs = holders.stream().mapToInt(node -> config.indexOf(node) + 1).toArray();
        byte[][] maskKeyShares = Shamir.split(maskKeys.privateKey(), config.threshold(), xs, random);
        byte[][] seedShares = Shamir.split(seed, config.threshold(), xs, random);
        List<byte[]> ciphertexts = new ArrayList<>(holders.size() - 1);
        for (int i = 0; i < holders.size(); i++) {
            String holder = holders.get(i);
            ShareCiphertext.Shares shares = new ShareCiphertext.Shares(maskKeyShares[i], seedShares[i]);
            if (holder.equals(self)) {
                held.put(self, shares);
                continue;
            }
            byte[] key = shareKey(Stage.SHARE_KEYS, byNode.get(holder), self, holder);
            ciphertexts.add(ShareCiphertext.seal(key, sessionId, self, holder, shares, random));
            X25519.wipe(key);
            shares.wipe();
        }
        state = State.SHARED;
        return ShareBundle.encode(self, sessionId, ciphertexts);
    }

    /**
     * Stage 3: decrypts the shares addressed to this node (their senders are U2, with this node),
     * and returns y = x + PRG(b) + sum over v in U2 of +-PRG(s_uv) mod 2^k, packed.
     *
     * @param input the vector to sum, {@code vectorLength} elements in [0, 2^modulusBits)
     * @throws IllegalArgumentException if the input has the wrong length or an element out of
     *     range (the session stays where it was)
     */
    public synchronized byte[] maskedInput(List<byte[]> sharesForMe, long[] input) {
        enter(State.SHARED, Stage.MASKED_INPUT, "maskedInput");
        requireInput(input);
        if (sharesForMe == null) {
            throw abort(Stage.MASKED_INPUT, "no shares given");
        }
        for (byte[] message : sharesForMe) {
            ShareCiphertext ciphertext;
            try {
                ciphertext = ShareCiphertext.parse(message);
            } catch (Malformed e) {
                throw abort(Stage.MASKED_INPUT, e.getMessage());
            }
            String sender = ciphertext.sender();
            if (!ciphertext.recipient().equals(self)) {
                throw abort(Stage.MASKED_INPUT, "shares from " + sender + " are addressed to " + ciphertext.recipient());
            }
            if (sender.equals(self)) {
                throw abort(Stage.MASKED_INPUT, "shares claim to come from this node itself");
            }
            if (!advertisers.containsKey(sender)) {
                throw abort(Stage.MASKED_INPUT, "shares from " + sender + ", who did not advertise keys in this session (unknown id)");
            }
            if (held.containsKey(sender)) {
                throw abort(Stage.MASKED_INPUT, "shares from " + sender + " given twice (repeated id)");
            }
            byte[] key = shareKey(Stage.MASKED_INPUT, advertisers.get(sender), sender, self);
            try {
                held.put(sender, ciphertext.open(key, sessionId));
            } catch (Malformed e) {
                throw abort(Stage.MASKED_INPUT, e.getMessage());
            } finally {
                X25519.wipe(key);
            }
        }
        if (held.size() < config.threshold()) {
            throw abort(Stage.MASKED_INPUT, "fewer than threshold nodes shared keys: " + held.size() + " < " + config.threshold());
        }
        long[] masked = input.clone();
        MaskStream stream = new MaskStream();
        byte[] selfKey = KeySchedule.selfMaskKey(seed, sessionId, self);
        stream.apply(masked, selfKey, false, config.modulusBits());
        X25519.wipe(selfKey);
        for (String peer : held.keySet()) {
            if (peer.equals(self)) {
                continue;
            }
            byte[] secret = agree(Stage.MASKED_INPUT, maskKeys.privateKey(), advertisers.get(peer).maskKey(), peer);
            byte[] key = KeySchedule.pairwiseMaskKey(secret, sessionId, self, peer);
            // the node later in the roster adds the pairwise mask, the earlier one subtracts it
            stream.apply(masked, key, selfIndex < config.indexOf(peer), config.modulusBits());
            X25519.wipe(secret);
            X25519.wipe(key);
        }
        long reduce = config.modulusMask();
        for (int i = 0; i < masked.length; i++) {
            masked[i] &= reduce;
        }
        state = State.MASKED;
        return MaskedInput.encode(config, self, sessionId, masked);
    }

    /**
     * Stage 4: for each node in U2, the share of its seed b if it is still alive, or of its mask
     * private key if the coordinator lists it as dropped; never both, and only once.
     *
     * @param dropped the nodes whose masked input the coordinator did not get
     */
    public synchronized byte[] unmask(List<String> dropped) {
        enter(State.MASKED, Stage.UNMASKING, "unmask");
        if (dropped == null) {
            throw abort(Stage.UNMASKING, "no dropped list given");
        }
        Set<String> droppedSet = new LinkedHashSet<>();
        for (String node : dropped) {
            if (node == null || config.indexOf(node) < 0) {
                throw abort(Stage.UNMASKING, "the dropped list names a node that is not on the roster (unknown id)");
            }
            if (node.equals(self)) {
                throw abort(Stage.UNMASKING, "the dropped list names this node itself, which did send its masked input");
            }
            if (!droppedSet.add(node)) {
                throw abort(Stage.UNMASKING, "the dropped list names " + node + " twice (repeated id)");
            }
            if (!held.containsKey(node)) {
                throw abort(Stage.UNMASKING, "the dropped list names " + node + ", which had already dropped before stage 3");
            }
        }
        int survivors = held.size() - droppedSet.size();
        if (survivors < config.threshold()) {
            throw abort(Stage.UNMASKING, "fewer than threshold nodes survive: " + survivors + " < " + config.threshold());
        }
        Map<String, Unmasking.Reveal> reveals = new LinkedHashMap<>();
        held.forEach((owner, shares) -> reveals.put(owner, droppedSet.contains(owner)
                ? new Unmasking.Reveal(owner, Unmasking.Kind.MASK_KEY, shares.maskKeyShare().clone())
                : new Unmasking.Reveal(owner, Unmasking.Kind.SEED, shares.seedShare().clone())));
        byte[] message = Unmasking.encode(self, sessionId, reveals);
        state = State.DONE;
        wipe();
        return message;
    }

    private void requireInput(long[] input) {
        if (input == null || input.length != config.vectorLength()) {
            throw new IllegalArgumentException("input must have " + config.vectorLength() + " elements, got "
                    + (input == null ? "none" : input.length));
        }
        long outside = ~config.modulusMask();
        for (int i = 0; i < input.length; i++) {
            if ((input[i] & outside) != 0) {
                throw new IllegalArgumentException("input element " + i + " is not in [0, 2^" + config.modulusBits() + ")");
            }
        }
    }

    private byte[] shareKey(Stage stage, Advertisement peer, String sender, String recipient) {
        byte[] secret = agree(stage, encryptionKeys.privateKey(), peer.encryptionKey(), peer.node());
        byte[] key = KeySchedule.shareKey(secret, sessionId, sender, recipient);
        X25519.wipe(secret);
        return key;
    }

    private byte[] agree(Stage stage, byte[] privateKey, byte[] publicKey, String peer) {
        try {
            return X25519.agree(privateKey, publicKey);
        } catch (InvalidKeyException e) {
            throw abort(stage, "key agreement with " + peer + " failed (all-zero shared secret or unusable key)");
        }
    }

    private void enter(State expected, Stage stage, String call) {
        if (state == State.ABORTED) {
            throw new SecAggException(stage, self, "the session was aborted earlier");
        }
        if (state != expected) {
            throw abort(stage, "stage order violated: " + call + " called "
                    + (state == State.DONE ? "after the session ended" : "in state " + state.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    private SecAggException abort(Stage stage, String what) {
        state = State.ABORTED;
        wipe();
        return new SecAggException(stage, self, what);
    }

    private void wipe() {
        if (encryptionKeys != null) {
            X25519.wipe(encryptionKeys.privateKey());
        }
        if (maskKeys != null) {
            X25519.wipe(maskKeys.privateKey());
        }
        X25519.wipe(seed);
        held.values().forEach(ShareCiphertext.Shares::wipe);
        held.clear();
    }

    @Override
    public String toString() {
        return "SecAggNode[" + self + ", " + config.sessionLabel() + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
