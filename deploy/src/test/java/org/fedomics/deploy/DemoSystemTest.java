package org.fedomics.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.fedomics.coordinator.study.RoundSummary;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.deploy.demo.DemoOptions;
import org.fedomics.deploy.demo.DemoRun;
import org.fedomics.deploy.demo.DemoSummary;
import org.fedomics.deploy.demo.SummaryReport;
import org.fedomics.node.round.RoundRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole consortium in one JVM, on the bundled data, as a newcomer's `./fedomics demo` runs it:
 * the promises checked on what each party actually did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoSystemTest {
    private Path out;
    private DemoRun.Outcome outcome;
    private JsonNode summary;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeAll
    void runDemo(@TempDir Path directory) throws Exception {
        out = directory;
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        try {
            outcome = new DemoRun(new DemoOptions(out, 10, 5, DemoOptions.DEFAULT_LEARNING_RATE, 0, 0, true), new PrintStream(console, true)).run();
        } finally {
            root.detachAppender(logs);
            root.setLevel(Level.INFO);
        }
        summary = new ObjectMapper().readTree(SummaryReport.write(out, outcome.summary()).toFile());
    }

    @Test
    void logsAndOutput_ofAFullDemoRun_containNoPassphraseOrPrivateKey() throws Exception {
        StringBuilder everything = new StringBuilder(console.toString(StandardCharsets.UTF_8));
        for (ILoggingEvent event : logs.list) {
            everything.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                everything.append(t.getMessage()).append('\n');
            }
        }
        assertThat(logs.list).as("the run logged something to scan").isNotEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[7/7]");
        List<Path> passphraseFiles;
        try (Stream<Path> walk = Files.walk(out.resolve("work"))) {
            passphraseFiles = walk.filter(p -> p.getFileName().toString().endsWith(".passphrase")).toList();
        }
        assertThat(passphraseFiles).hasSizeGreaterThanOrEqualTo(9);
        String text = everything.toString();
        for (Path file : passphraseFiles) {
            String passphrase = Files.readString(file).strip();
            assertThat(text).as("passphrase of %s", file).doesNotContain(passphrase);
            Path identity = file.resolveSibling("identity.p12");
            if (file.getFileName().toString().equals("identity.passphrase")) {
                byte[] key = Credential.readPkcs12(identity, Passphrase.of(passphrase.toCharArray())).privateKey().getEncoded();
                assertThat(text).as("private key of %s", identity)
                        .doesNotContain(Base64.getEncoder().encodeToString(key).substring(0, 40))
                        .doesNotContain(HexFormat.of().formatHex(key).substring(0, 40));
            }
        }
    }

    @Test
    void summary_afterDemo_holdsEveryFieldWithRealValues() {
        for (String field : List.of("task", "hospitals", "rounds", "records_total", "records_used", "records_excluded_by_consent",
                "secure_aggregation", "standardization", "wall_seconds")) {
            assertThat(summary.has(field)).as(field).isTrue();
        }
        assertThat(summary.get("hospitals").asInt()).isEqualTo(3);
        assertThat(summary.get("secure_aggregation").asBoolean()).isTrue();
        // the demo's default study has no differential privacy, and says so rather than claiming a guarantee
        assertThat(summary.at("/privacy/mechanism").asText()).isEqualTo("none");
        assertThat(summary.at("/privacy/epsilon").isNull()).isTrue();
        assertThat(summary.at("/privacy/delta").isNull()).isTrue();
        assertThat(summary.get("records_total").asInt()).isEqualTo(79);
        assertThat(summary.get("records_used").asInt() + summary.get("records_excluded_by_consent").asInt()).isEqualTo(79);
        assertThat(summary.get("records_excluded_by_consent").asInt()).isPositive();
        for (String method : List.of("federated", "pooled", "local_only")) {
            assertThat(summary.at("/" + method + "/auc").asDouble()).as(method).isBetween(0.0, 1.0);
            assertThat(summary.at("/" + method + "/accuracy").asDouble()).as(method).isBetween(0.0, 1.0);
        }
        assertThat(summary.at("/release/model_sha256").asText()).matches("[0-9a-f]{64}");
        assertThat(summary.at("/release/signature_verified").asBoolean()).isTrue();
        assertThat(summary.get("wall_seconds").asDouble()).isPositive();
    }

    @Test
    void federatedAuc_crossFitted_isWithin005OfPooledAndAboveLocalOnly() {
        double federated = summary.at("/federated/auc").asDouble();
        assertThat(federated).isCloseTo(summary.at("/pooled/auc").asDouble(), org.assertj.core.data.Offset.offset(0.05));
        assertThat(federated).isGreaterThan(summary.at("/local_only/auc").asDouble());
    }

    @Test
    void revokedRecord_fromTheNextRoundOn_isInNoTrainingBatch() {
        String hospital = outcome.summary().revocation().hospital();
        List<RoundRecord> all = outcome.nodeRounds().get(hospital);
        assertThat(all.get(0).round()).as("the statistics before round 1").isZero();
        assertThat(all.get(all.size() - 1).round()).as("the fairness audit after round 10")
                .isEqualTo(org.fedomics.consent.study.NodeTask.AUDIT_ROUND);
        List<RoundRecord> rounds = all.subList(1, all.size() - 1);
        assertThat(rounds).extracting(RoundRecord::round).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        // Round 1 trained on the record: the check below could fail.
        assertThat(rounds.get(0).allTrained()).contains(outcome.revokedSampleId());
        for (RoundRecord round : rounds.subList(1, rounds.size())) {
            assertThat(round.allTrained()).as("round %d", round.round()).doesNotContain(outcome.revokedSampleId());
            assertThat(round.excludedByConsent()).isEqualTo(rounds.get(0).excludedByConsent() + 1);
        }
        assertThat(outcome.summary().revocation().usedInLaterRounds()).isFalse();
    }

    @Test
    void coordinator_receivedOnlySecureAggregationMessages_aboutOneMaskedVectorPerNodeAndRound() {
        // 3 folds + final model, 2 labels, the 1,000 chosen probes + bias, plus 4 counts: one masked vector of
        // 6-byte elements per node and round; keys, shares and unmasking add a few kilobytes, never a second vector.
        long maskedVector = 6L * (4 + 4 * 2 * (DemoOptions.DEFAULT_GENES + 1));
        // the statistics before round 1, accounted as round 0: 4 counts, 4 x 12,625 sums and as many
        // sums of squares, one masked vector of 8-byte elements (62-bit modulus) per node
        long maskedStatistics = 8L * (4 + 2 * 4 * 12_625);
        // the fairness audit after round 10: (3 sex + 4 age groups) x 2 labels x 20 score bins, 4-byte elements (32-bit modulus)
        long maskedCounts = 4L * (7 * 2 * 20);
        for (List<RoundRecord> rounds : outcome.nodeRounds().values()) {
            assertThat(rounds.get(0).round()).isZero();
            assertThat(rounds.get(0).bytesSent()).as("statistics").isBetween(maskedStatistics, maskedStatistics + 16_384);
            rounds.subList(1, rounds.size() - 1)
                    .forEach(r -> assertThat(r.bytesSent()).as("round %d", r.round()).isBetween(maskedVector, maskedVector + 16_384));
            assertThat(rounds.get(rounds.size() - 1).bytesSent()).as("audit").isBetween(maskedCounts, maskedCounts + 16_384);
        }
        assertThat(outcome.study().statistics().bytesReceived()).isEqualTo(sentByNodes(0));
        assertThat(outcome.study().statistics().trainedFeatures()).as("chosen from every candidate's summed statistics")
                .hasSize(DemoOptions.DEFAULT_GENES);
        assertThat(outcome.summary().features()).isEqualTo(new DemoSummary.Features(12_625, DemoOptions.DEFAULT_GENES, "most variable"));
        assertThat(outcome.study().statistics().contributors()).hasSize(3);
        for (RoundSummary round : outcome.study().rounds()) {
            assertThat(round.bytesReceived()).isEqualTo(sentByNodes(round.round()));
            assertThat(round.contributors()).hasSize(3);
        }
        assertThat(outcome.summary().secureAggregation()).isTrue();
    }

    private long sentByNodes(int round) {
        return outcome.nodeRounds().values().stream().flatMap(List::stream).filter(r -> r.round() == round)
                .mapToLong(RoundRecord::bytesSent).sum();
    }

    @Test
    void standardization_isTheConsortiumsFromTheSecureSumOfTheRecordsPermittedBeforeRoundOne() {
        long summedAtNodes = outcome.nodeRounds().values().stream()
                .mapToLong(rounds -> rounds.get(0).trainedPerBlock().get(3).size()).sum();

        assertThat(outcome.study().statistics().recordsCounted()).isEqualTo(summedAtNodes);
        // the patient who revoked before round 2 was still permitted before round 1
        assertThat(summedAtNodes).isEqualTo(summary.get("records_used").asInt() + 1);
        assertThat(outcome.nodeRounds().get(outcome.summary().revocation().hospital()).get(0).allTrained())
                .contains(outcome.revokedSampleId());
        assertThat(summary.at("/standardization/kind").asText()).isEqualTo("consortium");
        assertThat(summary.at("/standardization/records").asLong()).isEqualTo(summedAtNodes);
        assertThat(summary.at("/standardization/sha256").asText()).isEqualTo(outcome.study().statistics().standardizationSha256());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SummaryReport.print(new PrintStream(printed, true, StandardCharsets.UTF_8), outcome.summary());
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("standardization: consortium-wide, from the secure sum of " + summedAtNodes + " records' statistics");
    }

    @Test
    void fairnessAudit_afterTheLastRound_coversTheRecordsPermittedThen_scoredByFoldModels_andIsInTheSignedReleaseAndSummary() {
        int audit = org.fedomics.consent.study.NodeTask.AUDIT_ROUND;
        List<RoundRecord> audits = outcome.nodeRounds().values().stream().flatMap(List::stream).filter(r -> r.round() == audit).toList();
        assertThat(audits).hasSize(3).allSatisfy(r -> {
            assertThat(r.sent()).isTrue();
            assertThat(r.trainedPerBlock().get(3)).as("the final block scores none").isEmpty();
        });
        long audited = audits.stream().mapToLong(r -> r.allTrained().size()).sum();
        assertThat(audited).as("the records permitted after the revocation").isEqualTo(summary.get("records_used").asInt());
        assertThat(audits.stream().flatMap(r -> r.allTrained().stream())).doesNotContain(outcome.revokedSampleId());
        assertThat(outcome.study().audit().contributors()).hasSize(3);
        assertThat(outcome.study().audit().bytesReceived()).isEqualTo(sentByNodes(audit));

        JsonNode fairness = summary.get("fairness");
        assertThat(fairness.get("max_gap").asDouble()).isEqualTo(0.2);
        assertThat(fairness.get("passed").asBoolean()).isEqualTo(outcome.study().audit().report().passed());
        assertThat(fairness.get("groups")).hasSize(3 + 4);
        long sexTotal = 0;
        for (JsonNode group : fairness.get("groups")) {
            JsonNode records = group.get("records");
            assertThat(records.isNumber() || records.asText().equals("<5") || records.asText().equals(">=5")).as(group.toString()).isTrue();
            if (records.isNumber()) {
                assertThat(records.asLong()).as("no exact count below 5 but zero").matches(n -> n == 0 || n >= 5);
            }
            if (group.get("attribute").asText().equals("sex") && records.isNumber()) {
                sexTotal += records.asLong();
            }
        }
        assertThat(sexTotal).isLessThanOrEqualTo(audited);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SummaryReport.print(new PrintStream(printed, true, StandardCharsets.UTF_8), outcome.summary());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("fairness audit").contains("sex M").contains("age >=45")
                .contains("gaps: demographic parity");
    }

    @Test
    void nodeDataDirectories_holdNoPlaintextValueOfTheImportedMatrix() throws Exception {
        List<String> rows = firstRowsOfBundledMatrix(5);
        List<byte[]> needles = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split(",");
            needles.add(cells[0].getBytes(StandardCharsets.US_ASCII));
            for (int j = 1; j + 2 < cells.length; j += 2500) {
                needles.add(cells[j].getBytes(StandardCharsets.US_ASCII));
                // Three consecutive values as the node's binary form would hold them: 12 bytes, so a
                // chance match in megabytes of ciphertext is practically impossible (4 bytes would not be).
                ByteBuffer run = ByteBuffer.allocate(12);
                for (int k = 0; k < 3; k++) {
                    run.putFloat(Float.parseFloat(cells[j + k]));
                }
                needles.add(run.array());
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out.resolve("work"))) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().contains("/data/")).toList();
        }
        assertThat(files).as("encrypted dataset files exist").anyMatch(p -> p.toString().endsWith(".dataset.enc"));
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            for (byte[] needle : needles) {
                assertThat(indexOf(content, needle)).as("%s contains plaintext %s", file, java.util.HexFormat.of().formatHex(needle))
                        .isEqualTo(-1);
            }
        }
    }

    private static List<String> firstRowsOfBundledMatrix(int n) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                DemoSystemTest.class.getResourceAsStream("/data/all-leukemia/all-expression.csv.gz")), StandardCharsets.US_ASCII))) {
            in.readLine();
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(in.readLine());
            }
            return rows;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
