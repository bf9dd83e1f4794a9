package org.fedomics.consent.web;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.RequestBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON-schema validation result into reasons that name the field ({@code use.commercial},
 * {@code modifiers[0]}): a missing member is "x is required", an undeclared one "unknown field
 * 'x'", any other violation the field and what the schema says. Only the innermost errors count
 * (the ones that say what is wrong, not that a property or a referenced schema "had errors"). The
 * value of a field is repeated only for enumerations, whose values are codes, never secrets.
 */
final class SchemaErrors {
    private static final int MOST_REASONS = 5;
    private static final int MOST_VALUE_CHARS = 40;
    /** Keywords whose errors only say that an inner schema failed; the inner errors follow them. */
    private static final Set<String> WRAPPERS = Set.of("properties", "patternProperties", "propertyNames", "items", "prefixItems",
            "contains", "$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas",
            "unevaluatedProperties", "unevaluatedItems");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final String COMPONENT_SCHEMAS = "#/components/schemas/";

    private SchemaErrors() {
    }

    /** The reasons {@code instance} failed, at most {@value #MOST_REASONS}, separated by "; ". */
    static String reasons(OutputUnit result, Object instance) {
        List<OutputUnit> errors = result.getErrors() == null ? List.of() : result.getErrors();
        Set<String> reasons = new LinkedHashSet<>();
        for (OutputUnit error : errors) {
            if (isInnermost(error, errors)) {
                reasons.add(reason(error, instance));
            }
        }
        if (reasons.isEmpty()) {
            return "it does not fit the schema";
        }
        return String.join("; ", reasons.stream().limit(MOST_REASONS).toList());
    }

    /**
     * The name of a request body's schema, as the contract's components name it (ConsentChoice):
     * the dereferenced schema keeps the address it was defined at.
     */
    static String schemaName(RequestBody body) {
        String address = body.getContent().get(MediaType.APPLICATION_JSON).getSchema().get("__absolute_uri__");
        int at = address == null ? -1 : address.indexOf(COMPONENT_SCHEMAS);
        if (at < 0) {
            throw new IllegalArgumentException("a request body's schema must be a $ref to " + COMPONENT_SCHEMAS + "...");
        }
        return address.substring(at + COMPONENT_SCHEMAS.length());
    }

    private static boolean isInnermost(OutputUnit error, List<OutputUnit> errors) {
        String keyword = keyword(error);
        if (WRAPPERS.contains(keyword)) {
            return false;
        }
        if (keyword.equals("additionalProperties")) {
            // An undeclared member fails "additionalProperties: false" with no inner error; a declared
            // map's bad value fails its schema, whose inner errors sit at or below the member.
            String at = error.getInstanceLocation();
            return errors.stream().noneMatch(other -> other != error
                    && (other.getInstanceLocation().equals(at) || other.getInstanceLocation().startsWith(at + "/")));
        }
        return true;
    }

    private static String reason(OutputUnit error, Object instance) {
        List<String> path = pointer(error.getInstanceLocation());
        String keyword = keyword(error);
        if (error.getKeywordLocation().contains("/propertyNames/")) {
            // Checked against the property-name schema: the offending value is the member's name.
            String key = path.get(path.size() - 1);
            String object = field(path.subList(0, path.size() - 1), instance);
            return (object.isEmpty() ? "" : object + ": ") + "member " + shortened(key) + ": " + error.getError();
        }
        String field = field(path, instance);
        String at = field.isEmpty() ? "" : field + ": ";
        return switch (keyword) {
            case "required" -> {
                Matcher member = QUOTED.matcher(error.getError());
                List<String> missing = new ArrayList<>(path);
                missing.add(member.find() ? member.group(1) : "?");
                yield field(missing, instance) + " is required";
            }
            case "additionalProperties" -> "unknown field '" + field + "'";
            case "enum", "const" -> at + error.getError() + " (got " + shortened(String.valueOf(valueAt(path, instance))) + ")";
            default -> at + error.getError();
        };
    }

    private static String keyword(OutputUnit error) {
        String location = error.getKeywordLocation();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The segments of an instance location, a JSON pointer in a URI fragment ("#/use/diseaseIds/0"), unescaped. */
    private static List<String> pointer(String location) {
        String pointer = location == null ? "" : location.startsWith("#") ? location.substring(1) : location;
        List<String> segments = new ArrayList<>();
        if (pointer.isEmpty()) {
            return segments;
        }
        for (String segment : pointer.substring(1).split("/", -1)) {
            // The validator percent-encodes what a URI fragment cannot hold (keeping '+' literal), then JSON-pointer-escapes.
            String unescaped = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            segments.add(unescaped.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    /** "use.diseaseIds[0]": array elements by index, members by name; the value itself is "". */
    private static String field(List<String> path, Object instance) {
        StringBuilder field = new StringBuilder();
        Object at = instance;
        for (String segment : path) {
            if (at instanceof List<?> list) {
                field.append('[').append(segment).append(']');
                at = list.get(Integer.parseInt(segment));
            } else {
                field.append(field.length() == 0 ? "" : ".").append(segment);
                at = at instanceof Map<?, ?> map ? map.get(segment) : null;
            }
        }
        return field.toString();
    }

    private static Object valueAt(List<String> path, Object instance) {
        Object at = instance;
        for (String segment : path) {
            at = at instanceof List<?> list ? list.get(Integer.parseInt(segment)) : at instanceof Map<?, ?> map ? map.get(segment) : null;
        }
        return at;
    }

    private static String shortened(String value) {
        return "'" + (value.length() <= MOST_VALUE_CHARS ? value : value.substring(0, MOST_VALUE_CHARS) + "...") + "'";
    }
}
