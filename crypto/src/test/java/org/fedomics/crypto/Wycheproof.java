package org.fedomics.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Project Wycheproof vectors copied into src/test/resources/wycheproof (see its README.md).
 * Scoring: an invalid vector must be rejected, a valid one accepted; "acceptable" may go either way.
 */
public final class Wycheproof {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Wycheproof() {
    }

    /** One test case with the group it belongs to. */
    public record Case(JsonNode group, JsonNode test) {
        public int tcId() {
            return test.get("tcId").asInt();
        }

        public String result() {
            return test.get("result").asText();
        }

        public boolean valid() {
            return "valid".equals(result());
        }

        public boolean invalid() {
            return "invalid".equals(result());
        }

        public byte[] hex(String field) {
            return HexFormat.of().parseHex(test.get(field).asText());
        }

        public String text(String field) {
            JsonNode node = test.get(field);
            return node == null || !node.isTextual() ? null : node.asText();
        }

        @Override
        public String toString() {
            return "tcId " + tcId() + " (" + result() + ", " + test.path("comment").asText() + ", flags "
                    + test.path("flags") + ")";
        }
    }

    public static List<Case> cases(String file) {
        try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource wycheproof/" + file);
            }
            JsonNode root = JSON.readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode group : root.get("testGroups")) {
                for (JsonNode test : group.get("tests")) {
                    cases.add(new Case(group, test));
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
