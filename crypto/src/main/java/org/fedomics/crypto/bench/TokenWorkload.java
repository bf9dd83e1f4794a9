package org.fedomics.crypto.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fedomics.crypto.token.ArtifactSigner;
import org.fedomics.crypto.token.ArtifactVerifier;
import org.fedomics.crypto.token.KeyIds;
import org.fedomics.crypto.token.PinnedKey;
import org.fedomics.crypto.token.TokenIssuer;
import org.fedomics.crypto.token.TokenRejectedException;
import org.fedomics.crypto.token.TokenVerifier;

/**
 * Tokens and a signed artifact under one throw-away P-256 key, for {@link CryptoBench} and the
 * JMH benchmarks: ES256 patient tokens verified with every check (pinned key, typ, iss, aud,
 * exp, iat, jti replay cache), and a 4 KiB artifact as a released model's signature is checked.
 */
public final class TokenWorkload {

    private static final String ISSUER = "bench";
    private static final String TYPE = "patient+jwt";
    private static final String ARTIFACT_TYPE = "fedomics-model+jws";

    private final ECPublicKey publicKey;
    private final TokenIssuer issuer;
    private final String artifact;
    private final ArtifactVerifier artifactVerifier;

    public TokenWorkload() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        publicKey = (ECPublicKey) pair.getPublic();
        String keyId = KeyIds.thumbprint(publicKey);
        issuer = new TokenIssuer((ECPrivateKey) pair.getPrivate(), keyId, ISSUER, Clock.systemUTC());
        artifact = new ArtifactSigner((ECPrivateKey) pair.getPrivate(), keyId).sign(new byte[4096], ARTIFACT_TYPE);
        artifactVerifier = new ArtifactVerifier(publicKey, ARTIFACT_TYPE);
    }

    /** {@code count} fresh one-time tokens (distinct jti), valid for ten minutes. */
    public List<String> issue(int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(issuer.issue(TYPE, "p-" + i, ISSUER, List.of("patient"), Duration.ofMinutes(10)));
        }
        return tokens;
    }

    /** A verifier pinned to this key, remembering up to {@code replayCapacity} token ids. */
    public TokenVerifier verifier(int replayCapacity) {
        return new TokenVerifier(List.of(PinnedKey.es256(publicKey)),
                new TokenVerifier.Expectations(ISSUER, ISSUER, TYPE, Duration.ofSeconds(60), Duration.ofHours(1),
                        replayCapacity),
                Clock.systemUTC());
    }

    /** Verifies every token once with {@code verifier}; any rejection is an error here. */
    public static void verifyAll(TokenVerifier verifier, List<String> tokens) throws TokenRejectedException {
        for (String token : tokens) {
            verifier.verify(token);
        }
    }

    /** Verifies the signed artifact's signature and type; returns its payload. */
    public byte[] verifyArtifact() throws GeneralSecurityException {
        return artifactVerifier.verify(artifact);
    }
}
