package org.fedomics.consent.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedomics.consent.policy.ConsentRecord;

/**
 * Patients' enrollments and the append-only history of their consents. There is deliberately no
 * way to update or delete a consent: a change is a new version.
 */
public interface ConsentStore {

    /**
     * Enrolls a new patient of {@code hospital}: a fresh random pseudonym and one-time code, which
     * the patient redeems once to open their account ({@link JdbcPatientAccounts#redeem}).
     */
    Enrollment enroll(String hospital);

    /**
     * Appends the next version of a patient's consent, together with its leaf in the tamper-evident
     * ledger (both or neither), and returns it as stored (times kept to the microsecond).
     *
     * @throws ConflictException         if {@code next.version()} is not the current version + 1 (first = 1)
     * @throws UnknownPseudonymException if the pseudonym was never enrolled
     */
    ConsentRecord append(ConsentRecord next);

    /** The highest version of the patient's consent, if any. */
    Optional<ConsentRecord> current(String pseudonym);

    /**
     * The current consent of each of {@code pseudonyms} that has one, in one transaction: what a
     * signed snapshot decides on, read at one moment.
     */
    Map<String, ConsentRecord> currentOf(Collection<String> pseudonyms);

    /** Every version of the patient's consent, oldest first. */
    List<ConsentRecord> history(String pseudonym);

    /** Pseudonyms enrolled by {@code hospital}, in a stable order. */
    List<String> pseudonymsOf(String hospital);

    boolean exists(String pseudonym);

    /** Those of {@code pseudonyms} that {@code hospital} enrolled, without reading every patient of the hospital. */
    Set<String> enrolledBy(String hospital, Collection<String> pseudonyms);
}
