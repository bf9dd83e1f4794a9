package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedomics.consent.api.NewAccount;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.ledger.Hash;
import org.fedomics.consent.ledger.InMemoryMerkleLog;
import org.fedomics.consent.ledger.ProofMutations;
import org.fedomics.consent.ledger.Rfc6962;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The access log's check against the ledger ({@code assets/ledger-check.js}) in headless Chromium:
 * its proof verifier agrees with the RFC 6962 reference tree and rejects every mutation the Java
 * verifier rejects, and on the page a tampered answer from the service, a use log edited behind
 * the ledger's back, and a rewritten history are each shown as "could not be verified", never
 * accepted. Answers are tampered with in the browser only, by a script Chromium's DevTools run
 * before the page's own (the service has no way to tamper with itself).
 */
class LedgerCheckBrowserTest {
    private static final String STUDY = "study-L1";
    private static final String STORED_HEAD = "fedomics.ledger.lastVerifiedHead";
    private static final String HEAD_SIGNATURE_FAILS = "the tree head's signature is not the consent service's";
    /**
     * Replaces {@code fetch} before the page's scripts run: answers to {@code PATH} are parsed,
     * changed by {@code EDIT} (a function of the JSON and two helpers) and handed on. {@code flip}
     * flips the lowest bit of the first byte of a base64 text, {@code flipUrl} of a base64url text.
     */
    private static final String TAMPER = """
            (() => {
              const path = PATH;
              const edit = EDIT;
              const flip = text => {
                const bytes = Uint8Array.from(atob(text), c => c.charCodeAt(0));
                bytes[0] ^= 1;
                return btoa(String.fromCharCode(...bytes));
              };
              const flipUrl = text => {
                const standard = text.replace(/-/g, '+').replace(/_/g, '/');
                return flip(standard + '='.repeat((4 - standard.length % 4) % 4))
                  .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
              };
              const original = window.fetch;
              window.fetch = async (input, init) => {
                const response = await original(input, init);
                if (new URL(response.url).pathname !== path) {
                  return response;
                }
                const json = await response.json();
                edit(json, flip, flipUrl);
                return new Response(JSON.stringify(json), { status: response.status, headers: response.headers });
              };
            })();
            """;

    @TempDir
    static Path dir;
    static ConsentServer server;
    static PortalBrowser chromium;
    static String pseudonym;

    @BeforeAll
    static void start() throws IOException {
        server = new ConsentServer(dir.resolve("service"));
        chromium = new PortalBrowser(server);
        var patient = server.enroll(server.hospitalA, 1).get(0);
        pseudonym = patient.pseudonym();
        NewAccount account = server.redeem(patient.enrollmentCode());
        assertThat(server.choose(account.session(), ConsentServer.diseaseSpecific(ConsentServer.LEUKEMIA)).status()).isEqualTo(200);
        server.node(server.hospitalA).postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(pseudonym)), Map.of()).await();

        chromium.open("/portal/sign-in");
        chromium.driver.findElement(By.id("sign-in-id")).sendKeys(account.signInId());
        chromium.driver.findElement(By.id("passphrase")).sendKeys(ConsentServer.PASSPHRASE);
        chromium.navigate(() -> chromium.driver.findElement(By.cssSelector("main form button[type=submit]")).click(), "My consent");
    }

    @AfterAll
    static void stop() {
        try (ConsentServer closedLast = server; PortalBrowser closedFirst = chromium) {
            // nothing to do: leaving the block closes the browser, then the server (a null one, not started, is skipped)
        }
    }

    /** Each test starts from a browser that has verified no tree head yet. */
    @BeforeEach
    void forgetVerifiedHeads() {
        chromium.open("/portal/my/access-log");
        chromium.ledgerCheck();
        chromium.script("localStorage.clear();");
    }

    @Test
    void verifier_acceptsTheRfc6962ReferenceProofs_andRejectsEveryMutationOfThem() throws IOException {
        JsonNode vectors;
        try (InputStream in = LedgerCheckBrowserTest.class.getResourceAsStream("/org/fedomics/consent/ledger/rfc6962-reference-tree.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        InMemoryMerkleLog log = new InMemoryMerkleLog();
        List<String> leaves = new ArrayList<>();
        vectors.get("leaves").forEach(leaf -> leaves.add(leaf.asText()));
        leaves.forEach(leaf -> log.append(HexFormat.of().parseHex(leaf)));
        List<Map<String, Object>> valid = new ArrayList<>();
        List<Map<String, Object>> mutated = new ArrayList<>();
        for (JsonNode vector : vectors.get("inclusionProofs")) {
            long index = vector.get("leafIndex").asLong();
            long size = vector.get("treeSize").asLong();
            var proof = new ProofMutations.Inclusion("published proof of leaf " + index + " in " + size, index, size,
                    Rfc6962.hashLeaf(HexFormat.of().parseHex(leaves.get((int) index))), hashes(vector.get("proof")), log.root(size));
            valid.add(inclusion(proof));
            ProofMutations.of(proof).forEach(bad -> mutated.add(inclusion(bad)));
        }
        for (JsonNode vector : vectors.get("consistencyProofs")) {
            long size1 = vector.get("size1").asLong();
            long size2 = vector.get("size2").asLong();
            var proof = new ProofMutations.Consistency("published proof from " + size1 + " to " + size2, size1, size2,
                    hashes(vector.get("proof")), log.root(size1), log.root(size2));
            valid.add(consistency(proof));
            if (!proof.proof().isEmpty()) {
                ProofMutations.of(proof).forEach(bad -> mutated.add(consistency(bad)));
            }
        }
        for (long size1 = 0; size1 <= leaves.size(); size1++) {
            for (long size2 = size1; size2 <= leaves.size(); size2++) {
                valid.add(consistency(new ProofMutations.Consistency("log's proof from " + size1 + " to " + size2, size1, size2,
                        log.consistencyProof(size1, size2), log.root(size1), log.root(size2))));
            }
        }

        List<String> leafHashes = strings(chromium.script("""
                const hex = h => Uint8Array.from(h.match(/../g) || [], b => parseInt(b, 16));
                const toHex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
                return Promise.all(arguments[0].map(leaf => fedomicsLedger.hashLeaf(hex(leaf)).then(toHex)));
                """, leaves));
        List<String> onValid = verifyInBrowser(valid);
        List<String> onMutated = verifyInBrowser(mutated);

        assertThat(leafHashes).containsExactlyElementsOf(leaves.stream().map(l -> Rfc6962.hashLeaf(HexFormat.of().parseHex(l)).hex()).toList());
        for (int i = 0; i < valid.size(); i++) {
            assertThat(onValid.get(i)).as(valid.get(i).get("what").toString()).isEqualTo("verified");
        }
        assertThat(mutated).hasSizeGreaterThan(4000);
        for (int i = 0; i < mutated.size(); i++) {
            assertThat(onMutated.get(i)).as(mutated.get(i).get("what").toString()).startsWith("failed: ");
        }
    }

    @Test
    void inclusionProof_withAFlippedBit_isShownAsNotVerified() throws IOException {
        // The entries come oldest first: the use is the second, and the top row of the page.
        String summary = withTampering("/portal/my/ledger", "(json, flip) => { json.entries[1].inclusionProof[0] = flip(json.entries[1].inclusionProof[0]); }",
                "ledger-01-inclusion-proof-tampered");

        assertThat(chromium.checkedColumn()).containsExactly(
                "Could not be verified: its inclusion proof does not lead to the signed tree head.", "Verified (ledger entry 0).");
        assertThat(summary).startsWith("1 of 2 entries verified against tree head of size " + server.ledger.size() + ". "
                + "1 could not be verified: see the Checked column.");
    }

    @Test
    void eventBody_changedInTheAnswer_isShownAsNotVerified() throws IOException {
        String summary = withTampering("/portal/my/ledger",
                "json => { json.entries[1].body = json.entries[1].body.replace('\"decision\":\"NO_SNAPSHOT\"', '\"decision\":\"PERMIT\"'); }",
                "ledger-02-body-tampered");

        assertThat(chromium.checkedColumn()).containsExactly(
                "Could not be verified: the ledger holds a different record than the one the service sent.", "Verified (ledger entry 0).");
        assertThat(summary).startsWith("1 of 2 entries verified");
    }

    @Test
    void treeHeadSignature_withAFlippedBit_failsEveryEntry() throws IOException {
        String summary = withTampering("/portal/my/ledger",
                "(json, flip, flipUrl) => { const [h, p, s] = json.signedHead.jws.split('.'); json.signedHead.jws = [h, p, flipUrl(s)].join('.'); }",
                "ledger-03-signature-tampered");

        assertThat(summary).isEqualTo("The entries could not be verified: " + HEAD_SIGNATURE_FAILS + ".");
        assertThat(chromium.checkedColumn()).containsOnly("Could not be verified: " + HEAD_SIGNATURE_FAILS + ".").hasSize(2);
        assertThat(storedHead()).as("a head that failed is not kept").isNull();
    }

    @Test
    void treeHead_ofAnotherSize_thanItsSignatureSays_failsEveryEntry() throws IOException {
        String summary = withTampering("/portal/my/ledger", "json => { json.signedHead.treeSize += 1; }", "ledger-04-head-size-tampered");

        assertThat(summary).isEqualTo("The entries could not be verified: the tree head the service describes is not the one it signed.");
    }

    @Test
    void entries_ofAnotherPseudonym_areNotCommittedToThePatient() throws IOException {
        String summary = withTampering("/portal/my/ledger", "json => { json.pseudonym = json.pseudonym.split('').reverse().join(''); }",
                "ledger-05-pseudonym-tampered");

        assertThat(chromium.checkedColumn()).containsOnly("Could not be verified: the entry is not committed to you.").hasSize(2);
        assertThat(summary).startsWith("0 of 2 entries verified");
    }

    @Test
    void useLog_editedBehindTheLedgersBack_isShownAsNotVerified() throws Exception {
        setHospitalOfUse("hospital-b");
        try {
            chromium.open("/portal/my/access-log");
            String summary = chromium.ledgerCheck();
            chromium.shot("ledger-06-use-log-edited");

            assertThat(chromium.driver.findElement(By.cssSelector("#access-log tr.use")).getText()).contains("hospital-b");
            assertThat(chromium.checkedColumn()).containsExactly("Could not be verified: the ledger has no entry that records this.",
                    "Verified (ledger entry 0).");
            assertThat(summary).startsWith("1 of 2 entries verified against tree head of size " + server.ledger.size() + ". "
                    + "1 could not be verified: see the Checked column. The ledger holds 1 entry about you that this page does not "
                    + "show: reload the page, and if this stays, ask your hospital.");
        } finally {
            setHospitalOfUse("hospital-a");
        }
    }

    @Test
    void consistencyProof_withAFlippedBit_failsAndTheOldHeadIsKept() throws IOException {
        chromium.open("/portal/my/access-log");
        chromium.ledgerCheck();
        long seen = server.ledger.size();
        growLedger();

        String summary = withTampering("/api/v1/ledger/consistency", "(json, flip) => { json.proof[0] = flip(json.proof[0]); }",
                "ledger-07-consistency-proof-tampered");
        assertThat(summary).isEqualTo("The entries could not be verified: the consistency proof does not lead to the new tree head.");
        assertThat(chromium.checkedColumn()).allMatch(state -> state.startsWith("Could not be verified: ")).hasSize(2);

        chromium.open("/portal/my/access-log");
        assertThat(chromium.ledgerCheck()).as("the next check starts from the head verified before").isEqualTo(
                "2 of 2 entries verified against tree head of size " + server.ledger.size() + ". Consistency proof verified: "
                        + "the ledger only grew since this browser last checked it at tree head of size " + seen + ".");
    }

    @Test
    void treeHead_ofTheSameSizeWithAnotherRoot_isARewrittenHistory() throws IOException {
        chromium.open("/portal/my/access-log");
        chromium.ledgerCheck();
        // This browser saw another ledger of the same size: a fork.
        chromium.script("""
                const head = JSON.parse(localStorage.getItem(arguments[0]));
                head.root = btoa(String.fromCharCode(...Uint8Array.from(atob(head.root), c => c.charCodeAt(0) ^ 0x80)));
                localStorage.setItem(arguments[0], JSON.stringify(head));
                """, STORED_HEAD);
        Object forked = storedHead();

        chromium.open("/portal/my/access-log");
        String summary = chromium.ledgerCheck();
        chromium.shot("ledger-08-history-rewritten");

        assertThat(summary).isEqualTo("The entries could not be verified: the ledger has two different tree heads of size "
                + server.ledger.size() + ": its history was rewritten.");
        assertThat(storedHead()).as("the head seen before is kept").isEqualTo(forked);
    }

    /** Loads the access log with answers to {@code path} changed by {@code edit}, and returns what the check says. */
    private static String withTampering(String path, String edit, String screenshot) throws IOException {
        String source = TAMPER.replace("PATH", "'" + path + "'").replace("EDIT", edit);
        Object added = chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
        String identifier = ((Map<?, ?>) added).get("identifier").toString();
        try {
            chromium.open("/portal/my/access-log");
            String summary = chromium.ledgerCheck();
            chromium.shot(screenshot);
            return summary;
        } finally {
            chromium.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", identifier));
        }
    }

    /** Another patient's use: a new leaf the signed-in patient's browser has not seen. */
    private static void growLedger() {
        String other = server.enroll(server.hospitalB, 1).get(0).pseudonym();
        server.node(server.hospitalB).postJson("/node/v1/uses", new UseReport(STUDY, 1, List.of(other)), Map.of()).await();
    }

    private static Object storedHead() {
        return chromium.script("return localStorage.getItem(arguments[0]);", STORED_HEAD);
    }

    /** Rewrites the use log's row of the patient's use, as someone with access to the database could. */
    private static void setHospitalOfUse(String hospital) throws SQLException {
        try (Connection c = server.store.dataSource().getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE use_event SET hospital = ? WHERE pseudonym = ?")) {
            update.setString(1, hospital);
            update.setString(2, pseudonym);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> verifyInBrowser(List<Map<String, Object>> cases) throws IOException {
        return strings(chromium.script("""
                const hex = h => Uint8Array.from(h.match(/../g) || [], b => parseInt(b, 16));
                const L = fedomicsLedger;
                const run = c => c.kind === 'inclusion'
                  ? L.verifyInclusion(BigInt(c.index), BigInt(c.size), hex(c.leafHash), c.proof.map(hex), hex(c.root))
                  : L.verifyConsistency(BigInt(c.size1), BigInt(c.size2), c.proof.map(hex), hex(c.root1), hex(c.root2));
                return Promise.all(JSON.parse(arguments[0]).map(c => run(c).then(() => 'verified',
                  e => (e instanceof L.Failure ? 'failed: ' : 'error: ') + e.message)));
                """, new ObjectMapper().writeValueAsString(cases)));
    }

    private static Map<String, Object> inclusion(ProofMutations.Inclusion proof) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "inclusion");
        out.put("what", proof.what());
        out.put("index", proof.index());
        out.put("size", proof.size());
        out.put("leafHash", proof.leafHash().hex());
        out.put("proof", proof.proof().stream().map(Hash::hex).toList());
        out.put("root", proof.root().hex());
        return out;
    }

    private static Map<String, Object> consistency(ProofMutations.Consistency proof) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "consistency");
        out.put("what", proof.what());
        out.put("size1", proof.size1());
        out.put("size2", proof.size2());
        out.put("proof", proof.proof().stream().map(Hash::hex).toList());
        out.put("root1", proof.root1().hex());
        out.put("root2", proof.root2().hex());
        return out;
    }

    private static List<Hash> hashes(JsonNode array) {
        List<Hash> out = new ArrayList<>();
        array.forEach(h -> out.add(Hash.fromHex(h.asText())));
        return out;
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }
}
