package org.fedomics.consent.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * JSON for every message fedomics accepts: unknown fields, duplicate members and missing
 * primitives are refused, so a message means exactly one thing. Errors name the offending field.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private StrictJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Parses a message; a malformed one becomes a BAD_REQUEST naming what is wrong. */
    public static <T> ServiceResult<T> read(byte[] json, Class<T> type) {
        return read(json, type, type.getSimpleName());
    }

    /**
     * Parses a message of the kind {@code name} into plain values (maps, lists, strings, numbers,
     * booleans, null), as strictly as {@link #read(byte[], Class)}: for checking a message against a
     * schema before it is bound to its record.
     */
    public static ServiceResult<Object> readUntyped(byte[] json, String name) {
        return read(json, Object.class, name);
    }

    private static <T> ServiceResult<T> read(byte[] json, Class<T> type, String name) {
        if (json == null || json.length == 0) {
            return ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "the request body must be a JSON " + name);
        }
        try {
            return ServiceResult.ok(MAPPER.readValue(json, type));
        } catch (UnrecognizedPropertyException e) {
            return ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "unknown field '" + e.getPropertyName() + "' in " + name);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "invalid " + name + ": " + cause.getMessage());
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            return ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "invalid " + name + " at "
                    + pathOf(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return ServiceResult.fail(ServiceResult.Reason.BAD_REQUEST, "malformed JSON: "
                    + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : "unreadable"));
        }
    }

    /** Parses the body of a request (none is a BAD_REQUEST). */
    public static <T> ServiceResult<T> body(io.vertx.ext.web.RoutingContext ctx, Class<T> type) {
        io.vertx.core.buffer.Buffer body = ctx.body().buffer();
        return read(body == null ? null : body.getBytes(), type);
    }

    /** Parses trusted JSON (written by this software, e.g. read back from its own files). */
    public static <T> T readTrusted(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid " + type.getSimpleName() + " JSON", e);
        }
    }

    private static String pathOf(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            path.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.length() == 0 ? "the top level" : path.substring(path.charAt(0) == '.' ? 1 : 0);
    }
}
