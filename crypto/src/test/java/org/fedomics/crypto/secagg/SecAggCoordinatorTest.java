package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator refuses messages that do not fit and fails only when a stage falls short. */
class SecAggCoordinatorTest {

    private static final SecAggConfig CONFIG = TestConsortium.config("study-ab12/round-3/model", 5, 3, 8, 32);
    private static final List<String> ALL = CONFIG.roster();

    @Test
    void receiveAdvertisement_fromAnotherAuthenticatedNode_refusedThenAcceptedFromTheRightOne() {
        Steps steps = new Steps(CONFIG, 1);
        byte[] advertisement = steps.node("node-01").advertiseKeys();
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-02", advertisement), Stage.ADVERTISE_KEYS,
                "advertisement of node-01 sent by node-02");
        steps.coordinator.receiveAdvertisement("node-01", advertisement);
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-01", advertisement), Stage.ADVERTISE_KEYS,
                "a second advertisement from node-01");
    }

    @Test
    void receiveAdvertisement_senderNotOnRoster_refused() {
        Steps steps = new Steps(CONFIG, 1);
        byte[] advertisement = steps.node("node-01").advertiseKeys();
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-42", advertisement), Stage.ADVERTISE_KEYS,
                "message from node-42, who is not on the roster");
    }

    @Test
    void receiveAdvertisement_keyAlreadyAdvertisedByAnother_refused() throws Exception {
        Steps steps = new Steps(CONFIG, 1);
        byte[] first = steps.node("node-01").advertiseKeys();
        steps.coordinator.receiveAdvertisement("node-01", first);
        Advertisement parsed = Advertisement.verify(first, CONFIG, TestConsortium.CA.certificate(), java.time.Instant.now());
        byte[] copy = Advertisement.sign(CONFIG, "node-02", parsed.encryptionKey(), X25519.generate(TestConsortium.seeded(5)).publicKey(),
                TestConsortium.credential("node-02").certificate(), TestConsortium.credential("node-02").privateKey(),
                TestConsortium.seeded(6));
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-02", copy), Stage.ADVERTISE_KEYS,
                "repeats a public key already advertised");
    }

    @Test
    void receiveAdvertisement_everyTruncationAndTrailingByte_refused() {
        Steps steps = new Steps(CONFIG, 1);
        byte[] advertisement = steps.node("node-01").advertiseKeys();
        for (int length = 0; length < advertisement.length; length++) {
            byte[] truncated = Arrays.copyOf(advertisement, length);
            assertThatThrownBy(() -> steps.coordinator.receiveAdvertisement("node-01", truncated)).as("length %d", length)
                    .isInstanceOf(SecAggException.class).hasMessageContaining("advertisement from node-01 refused");
        }
        byte[] longer = Arrays.copyOf(advertisement, advertisement.length + 1);
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-01", longer), Stage.ADVERTISE_KEYS,
                "advertisement has 1 trailing bytes");
        steps.coordinator.receiveAdvertisement("node-01", advertisement);
    }

    @Test
    void closeAdvertisements_fewerThanThreshold_failsForGood() {
        Steps steps = new Steps(CONFIG, 1);
        for (String name : ALL.subList(0, 2)) {
            steps.coordinator.receiveAdvertisement(name, steps.node(name).advertiseKeys());
        }
        assertRefused(steps.coordinator::closeAdvertisements, Stage.ADVERTISE_KEYS,
                "only 2 nodes advertised keys, threshold is 3; the session failed");
        byte[] late = steps.node("node-02").advertiseKeys();
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-02", late), Stage.ADVERTISE_KEYS, "the session failed earlier");
        assertRefused(steps.coordinator::closeUnmasking, Stage.UNMASKING, "the session failed earlier");
    }

    @Test
    void closeShares_beforeStage1Closed_refusedWithoutFailingTheSession() {
        Steps steps = new Steps(CONFIG, 1);
        assertRefused(steps.coordinator::closeShares, Stage.SHARE_KEYS, "cannot close stage 2 (share keys) while the session is advertising");
        steps.advertiseAll().shareAll();
        assertThat(steps.inbox).hasSize(5);
    }

    @Test
    void receiveAdvertisement_afterStage1Closed_refusedAsLate() {
        Steps steps = new Steps(CONFIG, 1).advertise(ALL.subList(0, 4));
        byte[] late = steps.node("node-04").advertiseKeys();
        assertRefused(() -> steps.coordinator.receiveAdvertisement("node-04", late), Stage.ADVERTISE_KEYS,
                "message from node-04 refused: stage 1 (advertise keys) while the session is sharing");
    }

    @Test
    void receiveShares_fromNodeThatDidNotAdvertise_refused() {
        Steps steps = new Steps(CONFIG, 1).advertise(ALL.subList(0, 4));
        assertRefused(() -> steps.coordinator.receiveShares("node-04", new byte[10]), Stage.SHARE_KEYS,
                "shares from node-04, who did not advertise keys");
    }

    @Test
    void receiveShares_bundleOfAnotherNodeOrIncomplete_refused() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        byte[] bundle = steps.node("node-01").shareKeys(steps.advertisements);
        assertRefused(() -> steps.coordinator.receiveShares("node-02", bundle), Stage.SHARE_KEYS,
                "shares from node-02 refused: the bundle names node-01 as its sender");
        ShareBundle parsed = parse(bundle, steps);
        byte[] incomplete = ShareBundle.encode("node-01", sessionId(steps), parsed.ciphertexts().subList(0, 3));
        assertRefused(() -> steps.coordinator.receiveShares("node-01", incomplete), Stage.SHARE_KEYS,
                "3 recipients, expected every other advertiser (4)");
        List<byte[]> doubled = List.of(parsed.ciphertexts().get(0), parsed.ciphertexts().get(0), parsed.ciphertexts().get(1),
                parsed.ciphertexts().get(2));
        byte[] twice = ShareBundle.encode("node-01", sessionId(steps), doubled);
        assertRefused(() -> steps.coordinator.receiveShares("node-01", twice), Stage.SHARE_KEYS, "two shares are addressed to node-00");
        byte[] otherSession = ShareBundle.encode("node-01", new byte[32], parsed.ciphertexts());
        assertRefused(() -> steps.coordinator.receiveShares("node-01", otherSession), Stage.SHARE_KEYS,
                "share bundle belongs to another session");
        steps.coordinator.receiveShares("node-01", bundle);
    }

    @Test
    void receiveMaskedInput_wrongLengthOrOutOfRangeOrOtherSession_refused() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        byte[] sessionId = sessionId(steps);
        SecAggConfig longer = TestConsortium.config("study-ab12/round-3/model", 5, 3, 9, 32);
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", MaskedInput.encode(longer, "node-01", sessionId, new long[9])),
                Stage.MASKED_INPUT, "field vector length is 9, allowed 8..8");
        SecAggConfig wider = TestConsortium.config("study-ab12/round-3/model", 5, 3, 8, 40);
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", MaskedInput.encode(wider, "node-01", sessionId, new long[8])),
                Stage.MASKED_INPUT, "masked input is mod 2^40, the session is mod 2^32");
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", MaskedInput.encode(CONFIG, "node-01", new byte[32], new long[8])),
                Stage.MASKED_INPUT, "masked input belongs to another session");
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", MaskedInput.encode(CONFIG, "node-02", sessionId, new long[8])),
                Stage.MASKED_INPUT, "it names node-02 as its sender");
        byte[] good = MaskedInput.encode(CONFIG, "node-01", sessionId, new long[8]);
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", Arrays.copyOf(good, good.length - 1)),
                Stage.MASKED_INPUT, "truncated");
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", Arrays.copyOf(good, good.length + 1)),
                Stage.MASKED_INPUT, "1 trailing bytes");
    }

    @Test
    void receiveMaskedInput_elementAboveTheModulus_refused() {
        SecAggConfig twelveBits = TestConsortium.config("study-ab12/round-3/counts", 5, 3, 4, 12);
        Steps steps = new Steps(twelveBits, 1).advertiseAll().shareAll();
        byte[] message = MaskedInput.encode(twelveBits, "node-01", sessionId(steps), new long[] {1, 2, 3, 4});
        message[message.length - 1] = (byte) 0x10; // the last element's high byte: 2^12
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", message), Stage.MASKED_INPUT,
                "element 3 is not below 2^12");
    }

    @Test
    void receiveMaskedInput_twiceOrFromNodeThatDidNotShare_refused() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().share(ALL.subList(0, 4));
        byte[] masked = steps.node("node-01").maskedInput(steps.inbox.get("node-01"), new long[8]);
        steps.coordinator.receiveMaskedInput("node-01", masked);
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-01", masked), Stage.MASKED_INPUT,
                "a second masked input from node-01");
        assertRefused(() -> steps.coordinator.receiveMaskedInput("node-04", masked), Stage.MASKED_INPUT,
                "masked input from node-04, who did not share keys");
    }

    @Test
    void receiveUnmasking_revealingTheWrongSecretOrTooFew_refused() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().mask(ALL.subList(0, 4));
        assertThat(steps.dropped).containsExactly("node-04");
        // node-00 is told nobody dropped: it reveals node-04's seed, which the coordinator must not accept
        byte[] wrong = steps.node("node-00").unmask(List.of());
        assertRefused(() -> steps.coordinator.receiveUnmasking("node-00", wrong), Stage.UNMASKING,
                "it reveals the wrong secret of node-04 (dropped)");
        byte[] honest = steps.node("node-01").unmask(steps.dropped);
        Unmasking parsed = parseUnmasking(honest, steps);
        Map<String, Unmasking.Reveal> fewer = new LinkedHashMap<>(parsed.byOwner());
        fewer.remove("node-02");
        byte[] partial = Unmasking.encode("node-01", sessionId(steps), fewer);
        assertRefused(() -> steps.coordinator.receiveUnmasking("node-01", partial), Stage.UNMASKING,
                "it reveals shares of 4 nodes, expected 5");
        assertRefused(() -> steps.coordinator.receiveUnmasking("node-04", honest), Stage.UNMASKING,
                "unmasking from node-04, who sent no masked input");
        steps.coordinator.receiveUnmasking("node-01", honest);
        assertRefused(() -> steps.coordinator.receiveUnmasking("node-01", honest), Stage.UNMASKING, "a second unmasking from node-01");
    }

    @Test
    void closeUnmasking_wrongShareOfADroppedNodesMaskKey_failsInsteadOfReturningGarbage() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().mask(ALL.subList(0, 4));
        for (String name : ALL.subList(0, 4)) {
            byte[] answer = steps.node(name).unmask(steps.dropped);
            if (name.equals("node-00")) {
                Map<String, Unmasking.Reveal> reveals = new LinkedHashMap<>(parseUnmasking(answer, steps).byOwner());
                byte[] share = reveals.get("node-04").share().clone();
                share[35] ^= 1;
                reveals.put("node-04", new Unmasking.Reveal("node-04", Unmasking.Kind.MASK_KEY, share));
                answer = Unmasking.encode(name, sessionId(steps), reveals);
            }
            steps.coordinator.receiveUnmasking(name, answer);
        }
        assertRefused(steps.coordinator::closeUnmasking, Stage.UNMASKING, "node-04");
        assertRefused(steps.coordinator::closeUnmasking, Stage.UNMASKING, "the session failed earlier");
    }

    @Test
    void closeUnmasking_fewerThanThresholdUnmaskings_givesNoSum() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().maskAll();
        for (String name : ALL.subList(0, 2)) {
            steps.coordinator.receiveUnmasking(name, steps.node(name).unmask(steps.dropped));
        }
        assertRefused(steps.coordinator::closeUnmasking, Stage.UNMASKING, "only 2 nodes sent unmaskings, threshold is 3");
    }

    @Test
    void survivors_afterStage3_areTheNodesInTheSum() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        assertThat(steps.coordinator.survivors()).isEmpty();
        steps.mask(List.of("node-00", "node-02", "node-03"));
        assertThat(steps.coordinator.survivors()).containsExactly("node-00", "node-02", "node-03");
        assertThat(steps.dropped).containsExactly("node-01", "node-04");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Stage stage, String what) {
        assertThatThrownBy(call).isInstanceOf(SecAggException.class)
                .hasMessageStartingWith("secagg " + stage.label() + " at coordinator: ").hasMessageContaining(what);
    }

    private static byte[] sessionId(Steps steps) {
        return SessionId.of(steps.config, steps.advertisements.stream().map(a -> {
            try {
                return Advertisement.verify(a, steps.config, TestConsortium.CA.certificate(), java.time.Instant.now());
            } catch (Malformed e) {
                throw new AssertionError(e);
            }
        }).toList());
    }

    private static ShareBundle parse(byte[] bundle, Steps steps) {
        try {
            return ShareBundle.parse(bundle, sessionId(steps), 10);
        } catch (Malformed e) {
            throw new AssertionError(e);
        }
    }

    private static Unmasking parseUnmasking(byte[] message, Steps steps) {
        try {
            return Unmasking.parse(message, sessionId(steps), 10);
        } catch (Malformed e) {
            throw new AssertionError(e);
        }
    }
}
