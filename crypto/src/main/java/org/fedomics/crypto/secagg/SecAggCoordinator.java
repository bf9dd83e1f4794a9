package org.fedomics.crypto.secagg;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The coordinator side of one secure-aggregation session: collects each stage's messages
 * ({@code receive...}, from the sender's authenticated mTLS name), then closes the stage
 * ({@code close...}), which returns what to send the nodes. It learns the sum of the surviving
 * nodes' inputs and nothing else.
 *
 * <p>A message that does not fit (wrong sender, stage closed, repeated, malformed, another
 * session) is refused with a {@link SecAggException} and leaves the session as it was. A close
 * with fewer than threshold nodes fails the session for good: every later call throws, and no
 * sum is ever produced.
 *
 * <p>Thread-safe (every method is synchronized). {@link #closeUnmasking} does the heavy work
 * (one mask stream per survivor and one per survivor and dropped node): run it off an event loop.
 */
public final class SecAggCoordinator {

    private static final String PARTY = "coordinator";

    private enum State { ADVERTISING, SHARING, MASKING, UNMASKING, DONE, FAILED }

    private final SecAggConfig config;
    private final X509Certificate consortiumCa;
    private final Clock clock;

    private State state = State.ADVERTISING;
    /** U1, in roster order. */
    private final Map<String, Advertisement> advertisements = new TreeMap<>();
    private final Set<ByteBuffer> advertisedKeys = new HashSet<>();
    private byte[] sessionId;
    /** U2, in roster order: each sender's ciphertexts by recipient. */
    private final Map<String, Map<String, byte[]>> shares = new TreeMap<>();
    /** U3: the survivors whose masked input is in {@link #sum}. */
    private final Set<String> maskedFrom = new TreeSet<>();
    private long[] sum;
    private List<String> dropped;
    /** U4, in roster order. */
    private final Map<String, Unmasking> unmaskings = new TreeMap<>();

    /** A coordinator checking certificate validity against the system clock. */
    public SecAggCoordinator(SecAggConfig config, X509Certificate consortiumCa) {
        this(config, consortiumCa, Clock.systemUTC());
    }

    public SecAggCoordinator(SecAggConfig config, X509Certificate consortiumCa, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.consortiumCa = Objects.requireNonNull(consortiumCa, "consortiumCa");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stage 1: a node's signed key advertisement; {@code from} is its authenticated name. */
    public synchronized void receiveAdvertisement(String from, byte[] message) {
        expect(State.ADVERTISING, Stage.ADVERTISE_KEYS, from);
        if (advertisements.containsKey(from)) {
            throw refuse(Stage.ADVERTISE_KEYS, "a second advertisement from " + from);
        }
        Advertisement advertisement;
        try {
            advertisement = Advertisement.verify(message, config, consortiumCa, clock.instant());
        } catch (Malformed e) {
            throw refuse(Stage.ADVERTISE_KEYS, "advertisement from " + from + " refused: " + e.getMessage());
        }
        if (!advertisement.node().equals(from)) {
            throw refuse(Stage.ADVERTISE_KEYS, "advertisement of " + advertisement.node() + " sent by " + from);
        }
        ByteBuffer encryptionKey = ByteBuffer.wrap(advertisement.encryptionKey());
        ByteBuffer maskKey = ByteBuffer.wrap(advertisement.maskKey());
        if (encryptionKey.equals(maskKey) || advertisedKeys.contains(encryptionKey) || advertisedKeys.contains(maskKey)) {
            throw refuse(Stage.ADVERTISE_KEYS, "advertisement from " + from + " repeats a public key already advertised");
        }
        advertisedKeys.add(encryptionKey);
        advertisedKeys.add(maskKey);
        advertisements.put(from, advertisement);
    }

    /**
     * Closes stage 1: with at least threshold advertisers (U1), fixes the session id and returns
     * every advertisement, in roster order, to forward to each advertiser.
     */
    public synchronized List<byte[]> closeAdvertisements() {
        expect(State.ADVERTISING, Stage.ADVERTISE_KEYS, null);
        requireThreshold(Stage.ADVERTISE_KEYS, advertisements.size(), "nodes advertised keys");
        sessionId = SessionId.of(config, List.copyOf(advertisements.values()));
        state = State.SHARING;
        return advertisements.values().stream().map(Advertisement::encoded).toList();
    }

    /** Stage 2: a node's encrypted shares, one for every other advertiser. */
    public synchronized void receiveShares(String from, byte[] message) {
        expect(State.SHARING, Stage.SHARE_KEYS, from);
        if (!advertisements.containsKey(from)) {
            throw refuse(Stage.SHARE_KEYS, "shares from " + from + ", who did not advertise keys");
        }
        if (shares.containsKey(from)) {
            throw refuse(Stage.SHARE_KEYS, "a second share bundle from " + from);
        }
        Map<String, byte[]> byRecipient = new TreeMap<>();
        try {
            ShareBundle bundle = ShareBundle.parse(message, sessionId, advertisements.size());
            if (!bundle.sender().equals(from)) {
                throw new Malformed("the bundle names " + bundle.sender() + " as its sender");
            }
            for (byte[] encrypted : bundle.ciphertexts()) {
                ShareCiphertext ciphertext = ShareCiphertext.parse(encrypted);
                String recipient = ciphertext.recipient();
                if (!ciphertext.sender().equals(from)) {
                    throw new Malformed("a share inside names " + ciphertext.sender() + " as its sender");
                }
                if (recipient.equals(from) || !advertisements.containsKey(recipient)) {
                    throw new Malformed("a share is addressed to " + recipient + ", who is not another advertiser");
                }
                if (byRecipient.put(recipient, encrypted) != null) {
                    throw new Malformed("two shares are addressed to " + recipient);
                }
            }
        } catch (Malformed e) {
            throw refuse(Stage.SHARE_KEYS, "shares from " + from + " refused: " + e.getMessage());
        }
        if (byRecipient.size() != advertisements.size() - 1) {
            throw refuse(Stage.SHARE_KEYS, "shares from " + from + " refused: " + byRecipient.size()
                    + " recipients, expected every other advertiser (" + (advertisements.size() - 1) + ")");
        }
        shares.put(from, byRecipient);
    }

    /**
     * Closes stage 2: with at least threshold senders (U2), returns for each of them the
     * ciphertexts the other senders addressed to it.
     */
    public synchronized Map<String, List<byte[]>> closeShares() {
        expect(State.SHARING, Stage.SHARE_KEYS, null);
        requireThreshold(Stage.SHARE_KEYS, shares.size(), "nodes shared keys");
        Map<String, List<byte[]>> inbox = new LinkedHashMap<>();
        for (String recipient : shares.keySet()) {
            List<byte[]> forRecipient = new ArrayList<>(shares.size() - 1);
            shares.forEach((sender, byRecipient) -> {
                if (!sender.equals(recipient)) {
                    forRecipient.add(byRecipient.get(recipient).clone());
                }
            });
            inbox.put(recipient, List.copyOf(forRecipient));
        }
        sum = new long[config.vectorLength()];
        state = State.MASKING;
        return java.util.Collections.unmodifiableMap(inbox);
    }

    /** Stage 3: a node's masked input, added to the running sum at once. */
    public synchronized void receiveMaskedInput(String from, byte[] message) {
        expect(State.MASKING, Stage.MASKED_INPUT, from);
        if (!shares.containsKey(from)) {
            throw refuse(Stage.MASKED_INPUT, "masked input from " + from + ", who did not share keys");
        }
        if (maskedFrom.contains(from)) {
            throw refuse(Stage.MASKED_INPUT, "a second masked input from " + from);
        }
        long[] masked;
        try {
            String sender = MaskedInput.sender(message);
            if (!sender.equals(from)) {
                throw new Malformed("it names " + sender + " as its sender");
            }
            masked = MaskedInput.parse(message, config, sessionId);
        } catch (Malformed e) {
            throw refuse(Stage.MASKED_INPUT, "masked input from " + from + " refused: " + e.getMessage());
        }
        long[] total = sum;
        for (int i = 0; i < total.length; i++) {
            total[i] += masked[i];
        }
        maskedFrom.add(from);
    }

    /**
     * Closes stage 3: with at least threshold masked inputs (U3), returns the nodes that shared
     * keys but sent no masked input: the same list for every survivor.
     */
    public synchronized List<String> closeMaskedInputs() {
        expect(State.MASKING, Stage.MASKED_INPUT, null);
        requireThreshold(Stage.MASKED_INPUT, maskedFrom.size(), "nodes sent masked inputs");
        dropped = shares.keySet().stream().filter(node -> !maskedFrom.contains(node)).toList();
        state = State.UNMASKING;
        return dropped;
    }

    /**
     * Stage 4: a survivor's shares: of the seed of every survivor and of the mask key of every
     * dropped node, exactly one each.
     */
    public synchronized void receiveUnmasking(String from, byte[] message) {
        expect(State.UNMASKING, Stage.UNMASKING, from);
        if (!maskedFrom.contains(from)) {
            throw refuse(Stage.UNMASKING, "unmasking from " + from + ", who sent no masked input");
        }
        if (unmaskings.containsKey(from)) {
            throw refuse(Stage.UNMASKING, "a second unmasking from " + from);
        }
        Unmasking unmasking;
        try {
            unmasking = Unmasking.parse(message, sessionId, shares.size());
            if (!unmasking.sender().equals(from)) {
                throw new Malformed("it names " + unmasking.sender() + " as its sender");
            }
            for (Unmasking.Reveal reveal : unmasking.byOwner().values()) {
                Unmasking.Kind expected = maskedFrom.contains(reveal.owner()) ? Unmasking.Kind.SEED
                        : shares.containsKey(reveal.owner()) ? Unmasking.Kind.MASK_KEY : null;
                if (expected == null) {
                    throw new Malformed("it reveals a share of " + reveal.owner() + ", who did not share keys");
                }
                if (reveal.kind() != expected) {
                    throw new Malformed("it reveals the wrong secret of " + reveal.owner()
                            + (expected == Unmasking.Kind.SEED ? " (alive)" : " (dropped)"));
                }
            }
            if (unmasking.byOwner().size() != shares.size()) {
                throw new Malformed("it reveals shares of " + unmasking.byOwner().size() + " nodes, expected " + shares.size());
            }
        } catch (Malformed e) {
            throw refuse(Stage.UNMASKING, "unmasking from " + from + " refused: " + e.getMessage());
        }
        unmaskings.put(from, unmasking);
    }

    /**
     * Closes stage 4: with at least threshold unmaskings, reconstructs every survivor's seed and
     * every dropped node's mask key from threshold shares, removes the masks, and returns the sum
     * mod 2^modulusBits of the survivors' inputs.
     */
    public synchronized long[] closeUnmasking() {
        expect(State.UNMASKING, Stage.UNMASKING, null);
        requireThreshold(Stage.UNMASKING, unmaskings.size(), "nodes sent unmaskings");
        List<Unmasking> used = unmaskings.values().stream().limit(config.threshold()).toList();
        MaskRemoval removal = new MaskRemoval(config, sessionId, advertisements, used);
        long[] total = sum;
        try {
            for (String survivor : maskedFrom) {
                removal.removeSelfMask(total, survivor);
            }
            for (String gone : dropped) {
                byte[] maskKey = removal.droppedMaskKey(gone);
                try {
                    for (String survivor : maskedFrom) {
                        removal.removePairwiseMask(total, survivor, gone, maskKey);
                    }
                } finally {
                    X25519.wipe(maskKey);
                }
            }
        } catch (Malformed e) {
            throw fail(Stage.UNMASKING, e.getMessage());
        }
        long reduce = config.modulusMask();
        for (int i = 0; i < total.length; i++) {
            total[i] &= reduce;
        }
        state = State.DONE;
        sum = null;
        return total;
    }

    /** The nodes whose inputs the sum holds (U3); empty before stage 3 closes. */
    public synchronized List<String> survivors() {
        return dropped == null ? List.of() : List.copyOf(maskedFrom);
    }

    private void requireThreshold(Stage stage, int count, String what) {
        if (count < config.threshold()) {
            throw fail(stage, "only " + count + " " + what + ", threshold is " + config.threshold() + "; the session failed");
        }
    }

    private void expect(State expected, Stage stage, String from) {
        if (state == State.FAILED) {
            throw new SecAggException(stage, PARTY, "the session failed earlier");
        }
        if (from != null && config.indexOf(from) < 0) {
            throw refuse(stage, "message from " + from + ", who is not on the roster");
        }
        if (state != expected) {
            throw refuse(stage, (from == null ? "cannot close " : "message from " + from + " refused: ")
                    + stage.label() + " while the session is " + state.name().toLowerCase(Locale.ROOT));
        }
    }

    private SecAggException refuse(Stage stage, String what) {
        return new SecAggException(stage, PARTY, what);
    }

    private SecAggException fail(Stage stage, String what) {
        state = State.FAILED;
        sum = null;
        return new SecAggException(stage, PARTY, what);
    }

    @Override
    public String toString() {
        return "SecAggCoordinator[" + config.sessionLabel() + ", " + state.name().toLowerCase(Locale.ROOT) + "]";
    }
}
