package org.fedomics.consent.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fedomics.consent.account.Argon2idPassphrases;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.policy.ConsentPolicy;
import org.fedomics.consent.policy.DiseaseHierarchy;
import org.fedomics.consent.portal.PortalRoutes;
import org.fedomics.consent.service.ConsentRoutes;
import org.fedomics.consent.service.ConsentService;
import org.fedomics.consent.service.ConsentVerticle;
import org.fedomics.consent.service.LedgerService;
import org.fedomics.consent.service.PatientAccounts;
import org.fedomics.consent.service.PatientTokens;
import org.fedomics.consent.store.JdbcConsentStore;
import org.fedomics.consent.store.JdbcLedger;
import org.fedomics.consent.store.JdbcPatientAccounts;
import org.fedomics.consent.store.JdbcUseLog;
import org.fedomics.consent.study.DeclaredUse;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.PrivateFiles;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.CrlFile;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;
import org.fedomics.crypto.token.ArtifactSigner;

/**
 * The API latency rows of the consent benchmark: a real consent service (HTTPS on 127.0.0.1, the
 * API and portal as deployed, an H2 database) in this JVM, and a steady open-loop load from a
 * second JVM ({@link LoadGenerator}, started with this JVM's java and class path) against a
 * patient endpoint ({@code GET /api/v1/me/consent}, a different patient's bearer token each time)
 * and the node snapshot endpoint (a signed snapshot for a hospital's cohort). Latency is the
 * client's, from each request's due time to its answer.
 */
final class ApiLatencyBench {
    static final String HOSPITAL = "bench-hospital";
    private static final String HOST = "127.0.0.1";
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int PATIENTS = 1_000;
    private static final DeclaredUse STUDY_USE = new DeclaredUse("DUO:0000007", List.of("MONDO:0004967"), false, true, true,
            "Leukemia Consortium", null);
    /** What the benchmark's patients chose, in turn: the demo's most common answers. */
    private static final List<ConsentChoice> CHOICES = List.of(
            new ConsentChoice("DUO:0000007", List.of("MONDO:0005059"), null, null, null, null, null, false),
            new ConsentChoice("DUO:0000007", List.of("MONDO:0005059"), List.of("DUO:0000046"), null, null, null, null, false),
            new ConsentChoice("DUO:0000006", null, null, null, null, null, null, false),
            new ConsentChoice("DUO:0000042", null, null, null, null, null, null, true));

    /** The load: this many requests per second for {@code seconds}, after {@code warmupSeconds} climbing to it, not counted. */
    record Load(int rate, int seconds, int warmupSeconds, int snapshotPatients) {
        Load {
            if (rate < 1 || rate > 100_000 || seconds < 1 || warmupSeconds < 0 || snapshotPatients < 1 || snapshotPatients > PATIENTS) {
                throw new IllegalArgumentException("load: rate 1..100000 per second, seconds >= 1, warm-up >= 0, snapshot patients 1.."
                        + PATIENTS);
            }
        }
    }

    private ApiLatencyBench() {
    }

    static void run(BenchTable table, Path dir, Load load) throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        ConsortiumCa ca = ConsortiumCa.create("fedomics-bench", clock);
        Credential consent = ca.issue(new ParticipantIdentity(Role.CONSENT, "consent"), List.of(HOST), Duration.ofDays(1));
        Credential node = ca.issue(new ParticipantIdentity(Role.NODE, HOSPITAL), List.of(HOST), Duration.ofDays(1));
        Path crl = dir.resolve("crl.pem");
        ca.publishCrl(crl);
        Vertx vertx = Vertx.vertx();
        JdbcConsentStore store = JdbcConsentStore.open("jdbc:h2:file:" + dir.resolve("consent").toAbsolutePath(), "sa", new char[0]);
        try {
            DiseaseHierarchy diseases = DiseaseHierarchy.bundled();
            ConsentService service = new ConsentService(store, new JdbcUseLog(store.dataSource()), new ConsentPolicy(diseases),
                    new ArtifactSigner(consent), clock);
            PatientAccounts accounts = new PatientAccounts(new JdbcPatientAccounts(store.dataSource()), Argon2idPassphrases.owasp(), clock);
            PatientTokens tokens = new PatientTokens(consent, clock);
            LedgerService ledger = new LedgerService(new JdbcLedger(store.dataSource()), consent, clock);
            ConsentVerticle verticle = new ConsentVerticle(HOST, 0, consent, new CrlFile(crl, CrlFile.DEFAULT_CHECK_PERIOD),
                    new ConsentRoutes(service, accounts, ledger, tokens), new PortalRoutes(service, accounts, ledger, diseases, clock), clock);
            vertx.deployVerticle(verticle).await();

            // Patients with a consent each, and a session each: a token minted as sign-in would, without hashing passphrases.
            List<String> pseudonyms = new ArrayList<>(PATIENTS);
            List<String> bearerTokens = new ArrayList<>(PATIENTS);
            for (int i = 0; i < PATIENTS; i++) {
                String pseudonym = store.enroll(HOSPITAL).pseudonym();
                service.choose(pseudonym, CHOICES.get(i % CHOICES.size()));
                pseudonyms.add(pseudonym);
                bearerTokens.add(tokens.issue(pseudonym).token());
            }
            Path tokenFile = dir.resolve("tokens.txt");
            PrivateFiles.write(tokenFile, String.join("\n", bearerTokens).getBytes(StandardCharsets.US_ASCII));
            Path snapshotBody = dir.resolve("snapshot.json");
            Files.write(snapshotBody, StrictJson.write(new SnapshotRequest("bench-study", 1, STUDY_USE,
                    pseudonyms.subList(0, load.snapshotPatients()))));

            List<String> common = new ArrayList<>(List.of("port", String.valueOf(verticle.actualPort()),
                    "rate", String.valueOf(load.rate()), "seconds", String.valueOf(load.seconds()),
                    "warmup", String.valueOf(load.warmupSeconds())));
            common.addAll(credentialFor(node, dir));
            String scale = String.format(Locale.ROOT, "%,d req/s for %d s", load.rate(), load.seconds());
            measure(table, "GET /api/v1/me/consent", scale + ", " + BenchTable.count(PATIENTS) + " patients",
                    common, List.of("get", "/api/v1/me/consent", "tokens", tokenFile.toString()), load);
            measure(table, "POST /node/v1/snapshots", scale + ", " + load.snapshotPatients() + " per snapshot",
                    common, List.of("post", "/node/v1/snapshots", "body", snapshotBody.toString()), load);
        } finally {
            try {
                vertx.close().await();
            } finally {
                store.close();
            }
        }
    }

    /** The node's credential as the load generator reads it: an owner-only PKCS#12 file and its random passphrase's file. */
    private static List<String> credentialFor(Credential node, Path dir) throws IOException {
        Path credential = dir.resolve("node.p12");
        Path passphraseFile = dir.resolve("node.passphrase");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        PrivateFiles.write(passphraseFile, Base64.getEncoder().encode(secret));
        node.writePkcs12(credential, Passphrase.fromFile(passphraseFile));
        return List.of("credential", credential.toString(), "passphrase-file", passphraseFile.toString());
    }

    /**
     * Runs the load against one endpoint in a second JVM and adds its rows. Also reports the
     * service's CPU time per counted request (this process runs nothing else meanwhile): what the
     * latency needs of a machine, whatever else runs on it.
     */
    private static void measure(BenchTable table, String endpoint, String scale, List<String> common, List<String> request, Load load)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LoadGenerator.class.getName()));
        command.addAll(common);
        command.addAll(request);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        long cpuAtCounting = -1;
        long cpuAtEnd = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(LoadGenerator.COUNTING)) {
                    cpuAtCounting = PROCESS.getProcessCpuTime();
                } else if (line.startsWith("RESULT ")) {
                    cpuAtEnd = PROCESS.getProcessCpuTime();
                    result = line;
                }
            }
        }
        long limit = load.warmupSeconds() + load.seconds() + 120L;
        if (!process.waitFor(limit, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load generator did not finish within " + limit + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the load generator failed with exit status " + process.exitValue() + " (its errors above)");
        }
        Map<String, String> values = LoadGenerator.Result.parse(result);
        long counted = (long) load.rate() * load.seconds();
        String note = String.format(Locale.ROOT, "%s answered, %s errors%s; max %s; service CPU %.2f ms per request",
                values.get("measured"), values.get("errors"), Boolean.parseBoolean(values.get("drained")) ? "" : " (some never answered)",
                millis(values.get("max")), (cpuAtEnd - cpuAtCounting) / 1e6 / counted);
        table.row("API latency p50: " + endpoint, scale, millis(values.get("p50")), note);
        table.row("API latency p99: " + endpoint, scale, millis(values.get("p99")),
                "target < 20 ms; second JVM, open loop, timed from each request's due time, after " + load.warmupSeconds()
                        + " s climbing to the rate");
    }

    private static String millis(String nanos) {
        return String.format(Locale.ROOT, "%,.2f ms", Long.parseLong(nanos) / 1e6);
    }
}
