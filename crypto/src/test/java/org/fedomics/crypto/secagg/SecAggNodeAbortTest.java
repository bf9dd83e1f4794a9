package org.fedomics.crypto.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.junit.jupiter.api.Test;

/**
 * Each test plays a dishonest or broken coordinator (or peer) against one honest node, which
 * must abort with a message naming the stage and the problem, and refuse every later call.
 */
class SecAggNodeAbortTest {

    private static final SecAggConfig CONFIG = TestConsortium.config("study-ab12/round-3/model", 5, 3, 8, 32);
    private static final List<String> ALL = CONFIG.roster();
    private static final String VICTIM = "node-00";

    // ---- stage order -------------------------------------------------------------------------

    @Test
    void maskedInput_beforeShareKeys_aborts() {
        SecAggNode node = new Steps(CONFIG, 1).node(VICTIM);
        node.advertiseKeys();
        assertAborts(node, () -> node.maskedInput(List.of(), new long[8]), Stage.MASKED_INPUT,
                "stage order violated: maskedInput called in state advertised");
    }

    @Test
    void advertiseKeys_twice_aborts() {
        SecAggNode node = new Steps(CONFIG, 1).node(VICTIM);
        node.advertiseKeys();
        assertAborts(node, node::advertiseKeys, Stage.ADVERTISE_KEYS, "stage order violated: advertiseKeys called in state advertised");
    }

    @Test
    void unmask_beforeMaskedInput_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        SecAggNode node = steps.node(VICTIM);
        assertAborts(node, () -> node.unmask(List.of()), Stage.UNMASKING, "stage order violated: unmask called in state shared");
    }

    @Test
    void shareKeys_afterTheSessionEnded_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().maskAll();
        SecAggNode node = steps.node(VICTIM);
        node.unmask(List.of());
        assertAborts(node, () -> node.shareKeys(steps.advertisements), Stage.SHARE_KEYS, "called after the session ended");
    }

    // ---- stage 2: advertisements -------------------------------------------------------------

    @Test
    void shareKeys_fewerThanThresholdAdvertisers_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        SecAggNode node = steps.node(VICTIM);
        assertAborts(node, () -> node.shareKeys(steps.advertisements.subList(0, 2)), Stage.SHARE_KEYS,
                "fewer than threshold nodes advertised keys: 2 < 3");
    }

    @Test
    void shareKeys_advertisementOfNodeNotOnRoster_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        byte[] stranger = advertisement(CONFIG, "node-99", TestConsortium.credential("node-99"), fresh(), fresh());
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(plus(steps.advertisements, stranger)),
                Stage.SHARE_KEYS, "advertisement names 'node-99', who is not on the roster");
    }

    @Test
    void shareKeys_sameAdvertisementTwice_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(plus(steps.advertisements, steps.advertisements.get(2))),
                Stage.SHARE_KEYS, "advertisement of node-02 appears twice (repeated id)");
    }

    @Test
    void shareKeys_peerRepeatsAnotherPeersPublicKey_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        Advertisement other = verified(steps.advertisements.get(2));
        byte[] copycat = advertisement(CONFIG, "node-01", TestConsortium.credential("node-01"), other.encryptionKey(), fresh());
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, copycat);
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "public key of node-02 repeats a key already advertised");
    }

    @Test
    void shareKeys_peerUsesOneKeyForBothPurposes_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        byte[] key = fresh();
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(CONFIG, "node-01", TestConsortium.credential("node-01"), key, key));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "public key of node-01 repeats a key already advertised");
    }

    @Test
    void shareKeys_peerKeyOfSmallOrderThatGivesAnAllZeroSecret_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(CONFIG, "node-01", TestConsortium.credential("node-01"), new byte[32], fresh()));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "encryption key of node-01 is a point of small order");
    }

    @Test
    void shareKeys_peerKeyNotCanonical_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        byte[] key = fresh();
        key[31] |= (byte) 0x80;
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(CONFIG, "node-01", TestConsortium.credential("node-01"), fresh(), key));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "mask key of node-01 is not a canonical X25519 encoding");
    }

    @Test
    void shareKeys_advertisementTruncated_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, Arrays.copyOf(forged.get(1), 60));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "advertisement is truncated in");
    }

    @Test
    void shareKeys_advertisementWithAlteredKey_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        byte[] altered = forged.get(1).clone();
        altered[5 + 2 + 7 + 32 + 3] ^= 1; // a byte of the encryption key, after magic, version, name and digest
        forged.set(1, altered);
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "signature of node-01 does not verify");
    }

    @Test
    void shareKeys_certificateFromAnotherCa_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        ConsortiumCa rogue = ConsortiumCa.create("rogue", Clock.systemUTC());
        Credential impostor = rogue.issue(new ParticipantIdentity(Role.NODE, "node-01"), List.of(), Duration.ofDays(1));
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(CONFIG, "node-01", impostor, fresh(), fresh()));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "certificate of node-01 is not a valid consortium certificate");
    }

    @Test
    void shareKeys_certificateOfAnotherRole_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        Credential coordinatorCredential = TestConsortium.CA.issue(new ParticipantIdentity(Role.COORDINATOR, "node-01"),
                List.of(), Duration.ofDays(1));
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(CONFIG, "node-01", coordinatorCredential, fresh(), fresh()));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "certificate names coordinator 'node-01', not node 'node-01'");
    }

    @Test
    void shareKeys_advertisementSignedByAnotherNode_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(CONFIG, "node-01", TestConsortium.credential("node-02"), fresh(), fresh()));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "certificate names node 'node-02', not node 'node-01'");
    }

    @Test
    void shareKeys_advertisementFromAnotherRound_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        SecAggConfig otherRound = TestConsortium.config("study-ab12/round-2/model", 5, 3, 8, 32);
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(1, advertisement(otherRound, "node-01", TestConsortium.credential("node-01"), fresh(), fresh()));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "advertisement of node-01 belongs to another session (config digest differs)");
    }

    @Test
    void shareKeys_ownAdvertisementReplaced_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll();
        List<byte[]> forged = new ArrayList<>(steps.advertisements);
        forged.set(0, advertisement(CONFIG, VICTIM, TestConsortium.credential(VICTIM), fresh(), fresh()));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).shareKeys(forged), Stage.SHARE_KEYS,
                "our own advertisement was altered");
        Steps again = new Steps(CONFIG, 1).advertiseAll();
        assertAborts(again.node(VICTIM), () -> again.node(VICTIM).shareKeys(again.advertisements.subList(1, 5)),
                Stage.SHARE_KEYS, "our own advertisement is missing");
    }

    // ---- stage 3: shares -----------------------------------------------------------------------

    @Test
    void maskedInput_fewerThanThresholdShared_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        List<byte[]> one = steps.inbox.get(VICTIM).subList(0, 1);
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).maskedInput(one, new long[8]), Stage.MASKED_INPUT,
                "fewer than threshold nodes shared keys: 2 < 3");
    }

    @Test
    void maskedInput_sameShareTwice_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        List<byte[]> twice = plus(steps.inbox.get(VICTIM), steps.inbox.get(VICTIM).get(1));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).maskedInput(twice, new long[8]), Stage.MASKED_INPUT,
                "shares from node-02 given twice (repeated id)");
    }

    @Test
    void maskedInput_sharesFromNodeThatNeverAdvertised_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertise(ALL.subList(0, 4)).share(ALL.subList(0, 4));
        byte[] fake = ShareCiphertext.seal(new byte[32], new byte[32], "node-04", VICTIM,
                new ShareCiphertext.Shares(new byte[36], new byte[36]), new SecureRandom());
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).maskedInput(plus(steps.inbox.get(VICTIM), fake), new long[8]),
                Stage.MASKED_INPUT, "shares from node-04, who did not advertise keys in this session (unknown id)");
    }

    @Test
    void maskedInput_sharesAddressedToAnotherNode_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).maskedInput(steps.inbox.get("node-01"), new long[8]),
                Stage.MASKED_INPUT, "shares from node-00 are addressed to node-01");
    }

    @Test
    void maskedInput_shareCiphertextReplayedFromAnotherStudyWithTheSameKeys_aborts() {
        // same seeds: every node draws the very same keys in both sessions, only the label differs
        Steps earlier = new Steps(TestConsortium.config("study-ab12/round-3/model", 5, 3, 8, 32), 40).advertiseAll().shareAll();
        Steps now = new Steps(TestConsortium.config("study-cd34/round-3/model", 5, 3, 8, 32), 40).advertiseAll().shareAll();
        assertThat(verified(now.advertisements.get(1), now.config).maskKey())
                .containsExactly(verified(earlier.advertisements.get(1), earlier.config).maskKey());
        List<byte[]> replayed = new ArrayList<>(now.inbox.get(VICTIM));
        replayed.set(0, earlier.inbox.get(VICTIM).get(0));
        assertAborts(now.node(VICTIM), () -> now.node(VICTIM).maskedInput(replayed, new long[8]), Stage.MASKED_INPUT,
                "shares from node-01 do not decrypt in this session (replayed from another round or study, or altered)");
    }

    @Test
    void maskedInput_shareCiphertextReplayedFromAnotherRound_aborts() {
        Steps earlier = new Steps(TestConsortium.config("study-ab12/round-2/model", 5, 3, 8, 32), 1).advertiseAll().shareAll();
        Steps now = new Steps(CONFIG, 100).advertiseAll().shareAll();
        List<byte[]> replayed = new ArrayList<>(now.inbox.get(VICTIM));
        replayed.set(2, earlier.inbox.get(VICTIM).get(2));
        assertAborts(now.node(VICTIM), () -> now.node(VICTIM).maskedInput(replayed, new long[8]), Stage.MASKED_INPUT,
                "shares from node-03 do not decrypt in this session");
    }

    @Test
    void maskedInput_inputOutOfRange_refusedWithoutAbortingTheSession() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll();
        SecAggNode node = steps.node(VICTIM);
        long[] tooBig = new long[8];
        tooBig[3] = 1L << 32;
        assertThatThrownBy(() -> node.maskedInput(steps.inbox.get(VICTIM), tooBig)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input element 3 is not in [0, 2^32)");
        assertThatThrownBy(() -> node.maskedInput(steps.inbox.get(VICTIM), new long[7])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input must have 8 elements, got 7");
        assertThat(node.maskedInput(steps.inbox.get(VICTIM), new long[8])).isNotEmpty();
    }

    // ---- stage 4: the dropped list ---------------------------------------------------------------

    @Test
    void unmask_listsItselfAsDropped_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().maskAll();
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).unmask(List.of(VICTIM)), Stage.UNMASKING,
                "the dropped list names this node itself, which did send its masked input");
    }

    @Test
    void unmask_unknownNode_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().maskAll();
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).unmask(List.of("node-77")), Stage.UNMASKING,
                "the dropped list names a node that is not on the roster (unknown id)");
    }

    @Test
    void unmask_repeatedNode_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().mask(ALL.subList(0, 4));
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).unmask(List.of("node-04", "node-04")), Stage.UNMASKING,
                "the dropped list names node-04 twice (repeated id)");
    }

    @Test
    void unmask_nodeThatHadAlreadyDroppedBeforeStage3_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().share(ALL.subList(0, 4)).mask(ALL.subList(0, 4));
        assertThat(steps.dropped).isEmpty();
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).unmask(List.of("node-04")), Stage.UNMASKING,
                "the dropped list names node-04, which had already dropped before stage 3");
    }

    @Test
    void unmask_fewerThanThresholdSurvivors_aborts() {
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().maskAll();
        assertAborts(steps.node(VICTIM), () -> steps.node(VICTIM).unmask(List.of("node-02", "node-03", "node-04")), Stage.UNMASKING,
                "fewer than threshold nodes survive: 2 < 3");
    }

    @Test
    void unmask_askedAgainWithAPeerNowListedAsDropped_abortsAndRevealsOnlyTheFirstAnswer() {
        // the flaw in a popular implementation: a node listed as alive and as dropped answers both
        Steps steps = new Steps(CONFIG, 1).advertiseAll().shareAll().maskAll();
        SecAggNode node = steps.node(VICTIM);
        byte[] first = node.unmask(List.of());
        assertThat(revealed(first, steps, "node-04")).isEqualTo(Unmasking.Kind.SEED);
        assertAborts(node, () -> node.unmask(List.of("node-04")), Stage.UNMASKING, "called after the session ended");
    }

    @Test
    void unmask_coordinatorTellsDifferentNodesDifferentStories_neverGetsBothSecretsOfANode() {
        // node-04 delivered its masked input; the coordinator tells a subset of the others that it
        // dropped, hoping for t shares of its mask key and t shares of its seed at once
        for (int told = 0; told < 1 << 4; told++) {
            Steps steps = new Steps(CONFIG, 1000 + told).advertiseAll().shareAll().maskAll();
            int seedShares = 0;
            int maskKeyShares = 0;
            for (int i = 0; i < 5; i++) {
                String name = ALL.get(i);
                boolean liedTo = i < 4 && (told >> i & 1) == 1;
                byte[] answer = steps.node(name).unmask(liedTo ? List.of("node-04") : List.of());
                if (revealed(answer, steps, "node-04") == Unmasking.Kind.SEED) {
                    seedShares++;
                } else {
                    maskKeyShares++;
                }
            }
            assertThat(seedShares + maskKeyShares).isEqualTo(5);
            assertThat(seedShares >= CONFIG.threshold() && maskKeyShares >= CONFIG.threshold()).as("lied to %s", told).isFalse();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void assertAborts(SecAggNode node, org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                     Stage stage, String what) {
        assertThatThrownBy(call).isInstanceOf(SecAggException.class)
                .hasMessageStartingWith("secagg " + stage.label() + " at " + node.name() + ": ")
                .hasMessageContaining(what);
        // the abort is for good
        assertThatThrownBy(() -> node.unmask(List.of())).isInstanceOf(SecAggException.class).hasMessageContaining("aborted earlier");
        assertThatThrownBy(node::advertiseKeys).isInstanceOf(SecAggException.class).hasMessageContaining("aborted earlier");
    }

    private static Unmasking.Kind revealed(byte[] unmasking, Steps steps, String owner) {
        try {
            byte[] sessionId = SessionId.of(steps.config, steps.advertisements.stream().map(a -> verified(a, steps.config)).toList());
            return Unmasking.parse(unmasking, sessionId, 5).byOwner().get(owner).kind();
        } catch (Malformed e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] advertisement(SecAggConfig config, String name, Credential signer, byte[] encryptionKey, byte[] maskKey) {
        return Advertisement.sign(config, name, encryptionKey, maskKey, signer.certificate(), signer.privateKey(), new SecureRandom());
    }

    private static Advertisement verified(byte[] advertisement) {
        return verified(advertisement, CONFIG);
    }

    private static Advertisement verified(byte[] advertisement, SecAggConfig config) {
        try {
            return Advertisement.verify(advertisement, config, TestConsortium.CA.certificate(), java.time.Instant.now());
        } catch (Malformed e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] fresh() {
        return X25519.generate(new SecureRandom()).publicKey();
    }

    private static List<byte[]> plus(List<byte[]> list, byte[] extra) {
        List<byte[]> out = new ArrayList<>(list);
        out.add(extra);
        return out;
    }
}
