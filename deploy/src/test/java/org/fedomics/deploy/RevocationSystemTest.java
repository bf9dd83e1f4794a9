package org.fedomics.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.fedomics.coordinator.service.RoundGate;
import org.fedomics.crypto.aead.Passphrase;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.MutualTls;
import org.fedomics.crypto.pki.RevocationList;
import org.fedomics.deploy.consortium.ConsortiumOptions;
import org.fedomics.deploy.consortium.LocalConsortium;
import org.fedomics.node.service.NodeRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provisioned consortium on this machine while it runs: the operator loads the consortium CA from
 * its provisioned keystore, revokes certificates and publishes the CRL where provisioning put it;
 * every service and every node's clients follow, nothing is restarted.
 */
class RevocationSystemTest {
    private static final Duration CHECK_PERIOD = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void revocationsPublishedByTheCa_reachTheServicesAndTheNodesClients() throws Exception {
        try (LocalConsortium consortium = LocalConsortium.start(new ConsortiumOptions(work, List.of("hospital-a", "hospital-b"),
                0, 0, Duration.ofMinutes(2), RoundGate.OPEN, CHECK_PERIOD), Clock.systemUTC(), "test")) {
            Path crl = consortium.pki().crlFile();
            assertThat(crl).isEqualTo(work.resolve("pki").resolve("crl.pem"));
            assertThat(RevocationList.load(crl, consortium.pki().caCertificate()).size()).as("provisioned empty").isZero();
            NodeRuntime hospitalA = consortium.node("hospital-a");
            importTinyDataset(hospitalA, "first", "s1");
            importTinyDataset(hospitalA, "second", "s2");
            assertThat(hospitalA.enrollPatients("first").await()).containsOnlyKeys("s1");
            ConsortiumCa ca = ConsortiumCa.load(work.resolve("pki").resolve("ca.p12"),
                    Passphrase.fromFile(work.resolve("pki").resolve("ca.passphrase")), Clock.systemUTC());

            // a node's certificate: the consent service and the coordinator refuse its new connections
            Credential hospitalB = consortium.pki().nodes().get("hospital-b");
            ca.revoke(hospitalB.certificate());
            ca.publishCrl(crl);
            await().atMost(PATIENCE).pollInterval(CHECK_PERIOD)
                    .until(() -> refusedInHandshake(consortium, hospitalB, consortium.consentPort())
                            && refusedInHandshake(consortium, hospitalB, consortium.coordinatorPort()));
            assertThat(refusedInHandshake(consortium, consortium.pki().nodes().get("hospital-a"), consortium.coordinatorPort()))
                    .isFalse();

            // a service's certificate: the node's own client refuses the consent service
            ca.revoke(consortium.pki().consent().certificate());
            ca.publishCrl(crl);
            await().atMost(PATIENCE).pollInterval(CHECK_PERIOD)
                    .until(() -> hospitalA.revocations().isRevoked(consortium.pki().consent().certificate()));
            Throwable failure = catchThrowable(() -> hospitalA.enrollPatients("second").await());
            assertThat(failure).isNotNull();
            assertThat(tlsFailure(failure)).as("refused in the TLS handshake: %s", failure).isTrue();
        }
    }

    private void importTinyDataset(NodeRuntime node, String name, String sample) throws Exception {
        Path expression = Files.writeString(work.resolve(name + "-expression.csv"), "sample_id,g1,g2\n" + sample + ",1.5,2.5\n");
        Path clinical = Files.writeString(work.resolve(name + "-clinical.csv"), "sample_id,sex\n" + sample + ",F\n");
        node.importDataset(name, expression, clinical).await();
    }

    /** True if a new connection presenting {@code credential} fails in the TLS handshake; false if it is served. */
    private static boolean refusedInHandshake(LocalConsortium consortium, Credential credential, int port) {
        WebClient client = WebClient.create(consortium.vertx(), new WebClientOptions(MutualTls.clientOptions(credential)));
        try {
            client.get(port, LocalConsortium.HOST, "/health").send().map(r -> r.body() == null ? Buffer.buffer() : r.body()).await();
            return false;
        } catch (Exception e) { // Future.await() rethrows the TLS failure itself, checked or not
            if (tlsFailure(e)) {
                return true;
            }
            throw e;
        } finally {
            client.close();
        }
    }

    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
