package org.fedomics.consent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedomics.consent.policy.Verdict;

/**
 * A snapshot's verdicts as the {@code snapshot_verdict_part} rows hold them: each part a JSON
 * object of pseudonym to verdict name. One row per snapshot of a hospital's usual cohort, instead
 * of a row per patient, is what keeps issuing a snapshot cheap; a part holds at most
 * {@link #PATIENTS_PER_PART} patients, so that it fits its column (1,000,000 characters, H2's
 * limit) even at the longest pseudonym.
 */
final class SnapshotVerdictParts {
    /** 20,000 entries of at most 46 characters (a 32-character pseudonym, the longest verdict, quotes and separators). */
    static final int PATIENTS_PER_PART = 20_000;
    /** The enrollment table's limit. */
    static final int MAX_PSEUDONYM_LENGTH = 32;
    static final String INSERT = "INSERT INTO snapshot_verdict_part (snapshot_id, part_no, verdicts) VALUES (?, ?, ?)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERDICTS = Arrays.stream(Verdict.values()).map(Verdict::name).collect(Collectors.toUnmodifiableSet());
    private static final String NOT_VERDICTS = "a stored snapshot's verdicts are not an object of pseudonym to verdict";
    private static final TypeReference<LinkedHashMap<String, String>> PART = new TypeReference<>() {
    };

    private SnapshotVerdictParts() {
    }

    /** Writes a snapshot's {@link #encode encoded} verdicts, through {@link #INSERT} prepared on the snapshot's connection. */
    static void insert(PreparedStatement insert, long snapshot, List<String> parts) throws SQLException {
        for (int partNo = 0; partNo < parts.size(); partNo++) {
            insert.setLong(1, snapshot);
            insert.setInt(2, partNo);
            insert.setString(3, parts.get(partNo));
            insert.addBatch();
        }
        insert.executeBatch();
    }

    /**
     * The parts of these verdicts, in their order; none for no verdicts.
     *
     * @throws IllegalArgumentException if a patient is named twice or a pseudonym is longer than
     *                                  an enrolled one can be (the parts' size depends on it); the
     *                                  message names no pseudonym
     */
    static List<String> encode(List<JdbcUseLog.IssuedVerdict> verdicts) {
        Set<String> named = new HashSet<>();
        for (JdbcUseLog.IssuedVerdict verdict : verdicts) {
            if (verdict.pseudonym().length() > MAX_PSEUDONYM_LENGTH) {
                throw new IllegalArgumentException("a snapshot names a pseudonym longer than " + MAX_PSEUDONYM_LENGTH + " characters");
            }
            if (!named.add(verdict.pseudonym())) {
                throw new IllegalArgumentException("a snapshot names a patient twice");
            }
        }
        List<String> parts = new ArrayList<>(verdicts.size() / PATIENTS_PER_PART + 1);
        for (int from = 0; from < verdicts.size(); from += PATIENTS_PER_PART) {
            Map<String, String> part = new LinkedHashMap<>();
            for (JdbcUseLog.IssuedVerdict verdict : verdicts.subList(from, Math.min(verdicts.size(), from + PATIENTS_PER_PART))) {
                part.put(verdict.pseudonym(), verdict.verdict().name());
            }
            try {
                parts.add(JSON.writeValueAsString(part));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write verdicts as JSON", e);
            }
        }
        return parts;
    }

    /** One stored part: pseudonym to verdict name, in the order they were issued. */
    static Map<String, String> decode(String part) {
        Map<String, String> verdicts;
        try {
            verdicts = JSON.readValue(part, PART);
        } catch (JsonProcessingException e) {
            // Jackson quotes the text it read, and that names patients: keep only the kind of failure.
            throw new IllegalStateException(NOT_VERDICTS, RedactedFailure.of(e));
        }
        if (verdicts == null || !verdicts.values().stream().allMatch(v -> v != null && VERDICTS.contains(v))) {
            throw new IllegalStateException(NOT_VERDICTS);
        }
        return verdicts;
    }
}
