package org.fedomics.consent.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An OpenAPI 3.1 contract shipped as a YAML class-path resource, and the routes it describes. Every
 * route of the contract is mounted through {@link #route}, which puts the contract's check of the
 * request's query parameters and JSON body first, so a request that does not fit the contract is
 * answered 400 (415 for a body that is not JSON) before any handler runs. Guards mounted earlier on
 * the router (certificates, tokens) still run before the check: a caller who may not use a route
 * learns nothing about its schema. Paths are literal (no templates), as in this project's APIs.
 */
public final class ApiContract {
    private final Buffer document;
    /** By {@link #endpoint}: the check of each operation. */
    private final Map<String, OperationCheck> operations;
    private final Set<String> mounted = new HashSet<>();

    private ApiContract(Buffer document, Map<String, OperationCheck> operations) {
        this.document = document;
        this.operations = operations;
    }

    /**
     * Reads and checks the contract, a YAML resource (the OpenAPI schema validates it; every
     * parameter must be a described query parameter). Fails if the resource is missing or the
     * contract is invalid.
     */
    public static Future<ApiContract> load(Vertx vertx, String resource) {
        JsonObject source;
        try {
            source = readYaml(resource);
        } catch (IOException | RuntimeException e) {
            return Future.failedFuture(new IllegalStateException("cannot read the API contract " + resource + ": " + e.getMessage(), e));
        }
        Buffer document = Buffer.buffer(source.encodePrettily());
        return OpenAPIContract.from(vertx, source).map(contract -> {
            if (contract.getVersion() != OpenAPIVersion.V3_1) {
                // the checks validate with OpenAPI 3.1's schema dialect
                throw new IllegalStateException("the API contract " + resource + " must be OpenAPI 3.1, not " + contract.getVersion());
            }
            Map<String, OperationCheck> checks = new LinkedHashMap<>();
            for (Operation operation : contract.operations()) {
                checks.put(endpoint(operation.getHttpMethod(), operation.getOpenAPIPath()),
                        new OperationCheck(operation, contract.getSchemaRepository()));
            }
            return new ApiContract(document, Map.copyOf(checks));
        });
    }

    /** "GET /api/v1/me/consent": how an operation is named here and in errors. */
    public static String endpoint(HttpMethod method, String path) {
        return method.name() + " " + path;
    }

    /** The contract as shipped, in JSON, to serve to clients. */
    public Buffer document() {
        return document.copy();
    }

    /** Every operation of the contract, as {@link #endpoint} names it, sorted. */
    public Set<String> endpoints() {
        return new TreeSet<>(operations.keySet());
    }

    /**
     * A route for the contract's operation {@code method path}, its check already the first
     * handler: add the operation's own handlers to it. Fails for an operation the contract does not
     * have, or one mounted before.
     */
    public Route route(Router router, HttpMethod method, String path) {
        String endpoint = endpoint(method, path);
        OperationCheck check = operations.get(endpoint);
        if (check == null) {
            throw new IllegalArgumentException(endpoint + " is not in the API contract");
        }
        if (!mounted.add(endpoint)) {
            throw new IllegalStateException(endpoint + " is mounted twice");
        }
        return router.route(method, path).handler(check);
    }

    /** Fails, naming them, if operations of the contract have not been mounted: the contract promises them. */
    public void requireAllMounted() {
        List<String> missing = endpoints().stream().filter(e -> !mounted.contains(e)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the API contract describes operations no route serves: " + String.join(", ", missing));
        }
    }

    private static JsonObject readYaml(String resource) throws IOException {
        try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("it is not on the class path");
            }
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!(root instanceof Map<?, ?> map)) {
                throw new IOException("it is not a YAML mapping");
            }
            // Through JSON text: keys become strings, and nested values JSON objects and arrays.
            return new JsonObject(Json.encode(map));
        }
    }
}
