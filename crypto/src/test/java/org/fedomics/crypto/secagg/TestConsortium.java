package org.fedomics.crypto.secagg;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.fedomics.crypto.pki.ConsortiumCa;
import org.fedomics.crypto.pki.Credential;
import org.fedomics.crypto.pki.ParticipantIdentity;
import org.fedomics.crypto.pki.Role;

/** One consortium CA for all secagg tests, with node credentials issued once and reused. */
final class TestConsortium {

    static final ConsortiumCa CA = ConsortiumCa.create("secagg-test", Clock.systemUTC());
    private static final Map<String, Credential> CREDENTIALS = new ConcurrentHashMap<>();

    private TestConsortium() {
    }

    static Credential credential(String node) {
        return CREDENTIALS.computeIfAbsent(node,
                name -> CA.issue(new ParticipantIdentity(Role.NODE, name), List.of(), Duration.ofDays(1)));
    }

    /** node-00, node-01, ...: sorted as the roster must be. */
    static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("node-%02d", i)).toList();
    }

    static SecAggConfig config(String label, int nodes, int threshold, int vectorLength, int modulusBits) {
        return new SecAggConfig(label, names(nodes), threshold, vectorLength, modulusBits);
    }

    /** A SecureRandom whose output is fixed by {@code seed}: sessions that can be replayed exactly. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
