package org.fedomics.node.round;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fedomics.consent.api.ConsentSnapshot;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.token.ArtifactVerifier;
import org.fedomics.node.training.CohortMember;

/**
 * Checks a consent snapshot before any record is used: the consent service's signature, that it is
 * for this study, round and hospital, and that it is fresh. Fails closed: a member without an
 * explicit PERMIT in the snapshot is excluded.
 */
public final class SnapshotCheck {
    private final ArtifactVerifier verifier;
    private final String hospital;
    private final Duration maxAge;
    private final Clock clock;

    public SnapshotCheck(X509Certificate consentService, String hospital, Duration maxAge, Clock clock) {
        this.verifier = ArtifactVerifier.forCertificate(consentService, ConsentSnapshot.TYPE);
        this.hospital = hospital;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public PermittedRecords permitted(String signedSnapshot, String studyId, int round, List<CohortMember> cohort)
            throws GeneralSecurityException {
        ConsentSnapshot snapshot = StrictJson.readTrusted(verifier.verify(signedSnapshot), ConsentSnapshot.class);
        if (!snapshot.studyId().equals(studyId) || snapshot.round() != round || !snapshot.hospital().equals(hospital)) {
            throw new GeneralSecurityException("consent snapshot is for study " + snapshot.studyId() + " round "
                    + snapshot.round() + " at " + snapshot.hospital() + ", not for study " + studyId + " round " + round);
        }
        Instant issued;
        try {
            issued = Instant.parse(snapshot.issuedAt());
        } catch (DateTimeParseException e) {
            throw new GeneralSecurityException("consent snapshot has no valid issue time");
        }
        Duration age = Duration.between(issued, clock.instant());
        if (age.compareTo(maxAge) > 0 || age.isNegative() && age.abs().compareTo(Duration.ofMinutes(1)) > 0) {
            throw new GeneralSecurityException("consent snapshot is " + age.toSeconds() + " s old; the limit is "
                    + maxAge.toSeconds() + " s");
        }
        Set<String> permitted = new HashSet<>();
        Set<String> notPermitted = new HashSet<>();
        for (ConsentSnapshot.Entry entry : snapshot.decisions()) {
            ("PERMIT".equals(entry.verdict()) ? permitted : notPermitted).add(entry.pseudonym());
        }
        // Fail closed: a pseudonym listed with any other verdict as well is not permitted.
        permitted.removeAll(notPermitted);
        List<CohortMember> members = cohort.stream().filter(m -> permitted.contains(m.pseudonym())).toList();
        return new PermittedRecords(studyId, round, members, cohort.size() - members.size());
    }
}
