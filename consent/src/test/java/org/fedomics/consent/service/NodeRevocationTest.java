package org.fedomics.consent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.web.LogCapture;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent service while it runs, over real mutual TLS: the consortium CA revokes a hospital's
 * node and rewrites the CRL file the service watches; nothing is restarted.
 */
class NodeRevocationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    ConsentServer server;

    @BeforeEach
    void start() {
        server = new ConsentServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void revokedNode_afterTheCrlFileIsRewritten_newConnectionsRefused_otherNodesAndPatientsStillServed() {
        assertThat(enroll(server.hospitalA)).isEqualTo(201);

        server.ca.revoke(server.hospitalA.certificate());
        server.publishCrl();

        await().atMost(PATIENCE).pollInterval(ConsentServer.CRL_CHECK_PERIOD).until(() -> refusedInHandshake(server.hospitalA));
        assertThat(enroll(server.hospitalB)).isEqualTo(201);
        assertThat(server.newPatient(server.hospitalB).token()).as("patients have no certificate to revoke").isNotBlank();
        assertThat(server.store.pseudonymsOf("hospital-a")).hasSize(1);
    }

    @Test
    void forgedCrl_signedByAnotherCa_isRefusedWithAWarningNamingTheFile_andTheRevocationStays() {
        server.ca.revoke(server.hospitalA.certificate());
        server.publishCrl();
        await().atMost(PATIENCE).pollInterval(ConsentServer.CRL_CHECK_PERIOD).until(() -> refusedInHandshake(server.hospitalA));

        try (LogCapture logs = LogCapture.all()) {
            // same consortium name, another key: a list that would let hospital-a back in
            ConsortiumCa forger = ConsortiumCa.create("test", server.clock);
            publish(forger);
            await().atMost(PATIENCE).until(() -> logs.lines().stream().anyMatch(line -> line.startsWith("WARN ")
                    && line.contains("refused: revocation list " + server.crlFile + " is not signed by the consortium CA")));
        }

        assertThat(refusedInHandshake(server.hospitalA)).isTrue();
        assertThat(enroll(server.hospitalB)).isEqualTo(201);
    }

    private int enroll(Credential node) {
        return server.sendJson(server.tlsClient(node), HttpMethod.POST, "/node/v1/enrollments", Map.of(),
                new EnrollmentRequest(1)).status();
    }

    /** True if a new connection with {@code node}'s certificate fails in the TLS handshake; false if it is served. */
    private boolean refusedInHandshake(Credential node) {
        try {
            enroll(node);
            return false;
        } catch (Exception e) { // Future.await() rethrows the TLS failure itself, checked or not
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SSLException) {
                    return true;
                }
            }
            throw e;
        }
    }

    private void publish(ConsortiumCa ca) {
        try {
            ca.publishCrl(server.crlFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
