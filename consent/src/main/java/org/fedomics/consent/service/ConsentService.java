package org.fedomics.consent.service;

import static org.fedomics.consent.web.ServiceResult.Reason.BAD_REQUEST;
import static org.fedomics.consent.web.ServiceResult.Reason.CONFLICT;
import static org.fedomics.consent.web.ServiceResult.Reason.FORBIDDEN;
import static org.fedomics.consent.web.ServiceResult.Reason.NOT_FOUND;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedomics.consent.api.ConsentChoice;
import org.fedomics.consent.api.ConsentSnapshot;
import org.fedomics.consent.api.ConsentView;
import org.fedomics.consent.api.EnrollmentBatch;
import org.fedomics.consent.api.EnrollmentRequest;
import org.fedomics.consent.api.SignedSnapshot;
import org.fedomics.consent.api.SnapshotRequest;
import org.fedomics.consent.api.UseReport;
import org.fedomics.consent.api.UseView;
import org.fedomics.consent.policy.ConsentPolicy;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.policy.DuoPermission;
import org.fedomics.consent.policy.StudyDataUse;
import org.fedomics.consent.store.ConflictException;
import org.fedomics.consent.store.ConsentStore;
import org.fedomics.consent.store.JdbcUseLog;
import org.fedomics.consent.web.ServiceResult;
import org.fedomics.consent.web.StrictJson;
import org.fedomics.crypto.token.ArtifactSigner;

/**
 * The consent service's work, blocking (JDBC): enrollments for hospitals, consent choices for
 * patients, signed decision snapshots and the use log for nodes. A hospital sees only its own
 * patients; a patient only themself. Patients sign in through {@link PatientAccounts}. Every
 * consent change and every reported use is also a leaf of the tamper-evident ledger, written by
 * the store in the same transaction (see {@link LedgerService} for reading it).
 */
public final class ConsentService {
    private final ConsentStore store;
    private final JdbcUseLog uses;
    private final ConsentPolicy policy;
    private final ArtifactSigner signer;
    private final Clock clock;

    public ConsentService(ConsentStore store, JdbcUseLog uses, ConsentPolicy policy, ArtifactSigner signer, Clock clock) {
        this.store = store;
        this.uses = uses;
        this.policy = policy;
        this.signer = signer;
        this.clock = clock;
    }

    public ServiceResult<EnrollmentBatch> enroll(String hospital, EnrollmentRequest request) {
        List<EnrollmentBatch.Entry> entries = new ArrayList<>();
        for (int i = 0; i < request.count(); i++) {
            var enrollment = store.enroll(hospital);
            entries.add(new EnrollmentBatch.Entry(enrollment.pseudonym(), enrollment.enrollmentCode()));
        }
        return ServiceResult.ok(new EnrollmentBatch(entries));
    }

    public ServiceResult<ConsentView> current(String pseudonym) {
        return store.current(pseudonym).map(ConsentService::view)
                .<ServiceResult<ConsentView>>map(ServiceResult::ok)
                .orElseGet(() -> ServiceResult.fail(NOT_FOUND, "no consent recorded yet"));
    }

    /** Every version of the patient's consent, oldest first (empty if they never chose). */
    public ServiceResult<List<ConsentView>> history(String pseudonym) {
        return ServiceResult.ok(store.history(pseudonym).stream().map(ConsentService::view).toList());
    }

    public ServiceResult<ConsentView> choose(String pseudonym, ConsentChoice choice) {
        Instant now = clock.instant();
        int version = store.current(pseudonym).map(c -> c.version() + 1).orElse(1);
        ConsentRecord next;
        try {
            next = record(pseudonym, version, choice, now);
        } catch (IllegalArgumentException e) {
            return ServiceResult.fail(BAD_REQUEST, e.getMessage());
        }
        try {
            return ServiceResult.ok(view(store.append(next)));
        } catch (ConflictException e) {
            return ServiceResult.fail(CONFLICT, "consent changed at the same time; reload and try again");
        }
    }

    public ServiceResult<SignedSnapshot> snapshot(String hospital, SnapshotRequest request) {
        ServiceResult<Void> owned = requireOwnPatients(hospital, request.pseudonyms());
        if (!owned.succeeded()) {
            return owned.map(v -> null);
        }
        Instant now = clock.instant();
        StudyDataUse use;
        try {
            use = request.use().forStudy(request.studyId(), now);
        } catch (IllegalArgumentException e) {
            return ServiceResult.fail(BAD_REQUEST, "the study's declared use: " + e.getMessage());
        }
        List<ConsentSnapshot.Entry> decisions = new ArrayList<>();
        List<JdbcUseLog.IssuedVerdict> issued = new ArrayList<>();
        Set<String> pseudonyms = new LinkedHashSet<>(request.pseudonyms());
        Map<String, ConsentRecord> current = store.currentOf(pseudonyms);
        for (String pseudonym : pseudonyms) {
            var decision = policy.decide(pseudonym, Optional.ofNullable(current.get(pseudonym)), use, now);
            decisions.add(new ConsentSnapshot.Entry(pseudonym, decision.verdict().name()));
            issued.add(new JdbcUseLog.IssuedVerdict(pseudonym, decision.verdict()));
        }
        // Kept before the signed snapshot is sent, so that the ledger records each later use with what was decided.
        uses.recordSnapshot(hospital, request.studyId(), request.round(), request.use(), issued, now);
        var snapshot = new ConsentSnapshot(request.studyId(), request.round(), hospital, now.toString(), decisions);
        return ServiceResult.ok(new SignedSnapshot(signer.sign(StrictJson.write(snapshot), ConsentSnapshot.TYPE)));
    }

    public ServiceResult<Void> recordUse(String hospital, UseReport report) {
        ServiceResult<Void> owned = requireOwnPatients(hospital, report.pseudonyms());
        if (owned.succeeded()) {
            // One use per patient per report, however often a node lists them.
            uses.recordUse(report.studyId(), report.round(), hospital, List.copyOf(new LinkedHashSet<>(report.pseudonyms())),
                    clock.instant());
        }
        return owned;
    }

    public ServiceResult<List<UseView>> uses(String pseudonym) {
        return ServiceResult.ok(uses.usesOf(pseudonym).stream()
                .map(u -> new UseView(u.studyId(), u.round(), u.hospital(), u.at().toString())).toList());
    }

    private ServiceResult<Void> requireOwnPatients(String hospital, List<String> pseudonyms) {
        Set<String> own = store.enrolledBy(hospital, pseudonyms);
        for (String pseudonym : pseudonyms) {
            if (!own.contains(pseudonym)) {
                return ServiceResult.fail(FORBIDDEN, "pseudonym " + pseudonym + " was not enrolled by " + hospital);
            }
        }
        return ServiceResult.ok(null);
    }

    private static ConsentRecord record(String pseudonym, int version, ConsentChoice choice, Instant now) {
        if (choice.permission() == null) {
            throw new IllegalArgumentException("permission is required (a DUO code such as DUO:0000007)");
        }
        Set<DuoModifier> modifiers = new HashSet<>();
        choice.modifiers().forEach(code -> modifiers.add(DuoModifier.fromCode(code)));
        Map<DuoModifier, String> parameters = new EnumMap<>(DuoModifier.class);
        choice.modifierParameters().forEach((code, value) -> parameters.put(DuoModifier.fromCode(code), value));
        Instant until = null;
        if (choice.validUntil() != null && !choice.validUntil().isBlank()) {
            try {
                until = Instant.parse(choice.validUntil());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("validUntil must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
            }
        }
        return new ConsentRecord(pseudonym, version, DuoPermission.fromCode(choice.permission()), Set.copyOf(choice.diseaseIds()),
                modifiers, parameters, Set.copyOf(choice.permittedStudies()), Set.copyOf(choice.deniedStudies()), now, until,
                choice.optedOut(), now);
    }

    private static ConsentView view(ConsentRecord r) {
        Map<String, String> parameters = new java.util.TreeMap<>();
        r.modifierParameters().forEach((m, v) -> parameters.put(m.code(), v));
        ConsentChoice choice = new ConsentChoice(r.permission().code(), r.diseaseIds().stream().sorted().toList(),
                r.modifiers().stream().map(DuoModifier::code).sorted().toList(), parameters,
                r.permittedStudies().stream().sorted().toList(), r.deniedStudies().stream().sorted().toList(),
                r.validUntil() == null ? null : r.validUntil().toString(), r.optedOut());
        return new ConsentView(r.pseudonym(), r.version(), choice, r.validFrom().toString(), r.recordedAt().toString());
    }
}
