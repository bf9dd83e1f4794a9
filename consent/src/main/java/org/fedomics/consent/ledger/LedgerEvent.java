package org.fedomics.consent.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedomics.consent.policy.ConsentRecord;
import org.fedomics.consent.policy.DuoModifier;
import org.fedomics.consent.study.DeclaredUse;

/**
 * What a ledger leaf records, as the JSON body kept apart from the leaf (whose data holds the
 * body's SHA-256). A body never names the patient: the leaf's commitment does that, for whoever
 * holds the patient's key. Bodies are written once and kept byte for byte; sets are sorted so
 * equal events read the same.
 */
public sealed interface LedgerEvent permits LedgerEvent.ConsentChange, LedgerEvent.Use {

    /** {@link ConsentChange#TYPE} or {@link Use#TYPE}: the body's first field. */
    String type();

    /** The body as stored and hashed: UTF-8 JSON. */
    default byte[] body() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a ledger event as JSON", e);
        }
    }

    /** A new version of the patient's consent: the whole consent as recorded. */
    record ConsentChange(String type, int version, String permission, List<String> diseaseIds, List<String> modifiers,
                         Map<String, String> modifierParameters, List<String> permittedStudies, List<String> deniedStudies,
                         String validFrom, String validUntil, boolean optedOut, String recordedAt) implements LedgerEvent {
        public static final String TYPE = "consent-change";

        public ConsentChange {
            requireType(type, TYPE);
            diseaseIds = List.copyOf(diseaseIds);
            modifiers = List.copyOf(modifiers);
            modifierParameters = new TreeMap<>(modifierParameters);
            permittedStudies = List.copyOf(permittedStudies);
            deniedStudies = List.copyOf(deniedStudies);
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public static ConsentChange of(ConsentRecord r) {
            Map<String, String> parameters = new TreeMap<>();
            r.modifierParameters().forEach((m, v) -> parameters.put(m.code(), v));
            return new ConsentChange(TYPE, r.version(), r.permission().code(), r.diseaseIds().stream().sorted().toList(),
                    r.modifiers().stream().map(DuoModifier::code).sorted().toList(), parameters,
                    r.permittedStudies().stream().sorted().toList(), r.deniedStudies().stream().sorted().toList(),
                    r.validFrom().toString(), r.validUntil() == null ? null : r.validUntil().toString(), r.optedOut(),
                    r.recordedAt().toString());
        }
    }

    /**
     * A hospital reported that a round of a study used the patient's record. {@code purpose} is the
     * use the study declared when the hospital asked for this round's consent snapshot, and
     * {@code decision} the verdict that snapshot gave this patient; both come from what the
     * consent service issued, not from the report. {@link #NO_SNAPSHOT} (and no purpose) means the
     * service issued no decision on this patient for that round.
     */
    record Use(String type, String studyId, int round, String hospital, DeclaredUse purpose, String decision, String usedAt)
            implements LedgerEvent {
        public static final String TYPE = "use";
        public static final String NO_SNAPSHOT = "NO_SNAPSHOT";

        public Use {
            requireType(type, TYPE);
            Objects.requireNonNull(studyId, "studyId");
            Objects.requireNonNull(hospital, "hospital");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(usedAt, "usedAt");
        }

        public static Use of(String studyId, int round, String hospital, DeclaredUse purpose, String decision, Instant usedAt) {
            return new Use(TYPE, studyId, round, hospital, purpose, decision, usedAt.toString());
        }
    }

    private static void requireType(String type, String expected) {
        if (!expected.equals(type)) {
            throw new IllegalArgumentException("type must be '" + expected + "', was '" + type + "'");
        }
    }

    /** Holder of the body mapper (an interface cannot have private static fields). */
    final class Json {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();

        private Json() {
        }
    }
}
