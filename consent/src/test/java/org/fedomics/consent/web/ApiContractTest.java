package org.fedomics.consent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract's check on a real (plain HTTP) server on 127.0.0.1, port 0, with a small contract
 * (things-contract.yaml): a request that does not fit never reaches the handler, and its refusal
 * names the field; a request that fits does.
 */
class ApiContractTest {
    private static final String THINGS = "org/fedomics/consent/web/things-contract.yaml";
    private Vertx vertx;
    private HttpServer server;
    private WebClient client;
    private ApiContract contract;
    private final AtomicInteger handled = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        contract = ApiContract.load(vertx, THINGS).await();
        Router router = Router.router(vertx);
        router.route().handler(io.vertx.ext.web.handler.BodyHandler.create(false));
        contract.route(router, HttpMethod.POST, "/things").handler(ctx -> {
            handled.incrementAndGet();
            ctx.end("added");
        });
        contract.route(router, HttpMethod.GET, "/things/count").handler(ctx -> {
            handled.incrementAndGet();
            ctx.end("counted");
        });
        contract.requireAllMounted();
        ErrorResponses.install(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.close().await();
    }

    private HttpResponse<Buffer> post(String contentType, String body) {
        HttpRequest<Buffer> request = client.post(server.actualPort(), "127.0.0.1", "/things");
        if (contentType != null) {
            request.putHeader("content-type", contentType);
        }
        return request.sendBuffer(Buffer.buffer(body)).await();
    }

    private HttpResponse<Buffer> count(String query) {
        return client.get(server.actualPort(), "127.0.0.1", "/things/count" + query).send().await();
    }

    private static String error(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getString("error");
    }

    @Test
    void fittingRequests_reachTheHandler() {
        HttpResponse<Buffer> added = post("application/json; charset=utf-8",
                "{\"name\":\"x\",\"kind\":\"round\",\"tags\":[\"a\",\"b\"],\"labels\":{\"k\":\"v\"},\"part\":{\"size\":2}}");
        HttpResponse<Buffer> counted = count("?size=10");

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.bodyAsString()).isEqualTo("added");
        assertThat(counted.statusCode()).isEqualTo(200);
        assertThat(handled).hasValue(2);
    }

    static Stream<Arguments> bodiesThatDoNotFit() {
        return Stream.of(
                Arguments.of("a missing member", "{\"tags\":[]}", List.of("invalid Thing: name is required")),
                Arguments.of("a missing nested member", "{\"name\":\"x\",\"tags\":[],\"part\":{}}", List.of("part.size is required")),
                Arguments.of("an array element", "{\"name\":\"x\",\"tags\":[\"ok\",\"Not OK\"]}", List.of("tags[1]", "pattern")),
                Arguments.of("a value not enumerated", "{\"name\":\"x\",\"tags\":[],\"kind\":\"oval\"}", List.of("kind", "(got 'oval')")),
                Arguments.of("a long value not enumerated", "{\"name\":\"x\",\"tags\":[],\"kind\":\"" + "o".repeat(100) + "\"}",
                        List.of("kind", "(got '" + "o".repeat(40) + "...')")),
                Arguments.of("an unknown member", "{\"name\":\"x\",\"tags\":[],\"colour\":\"red\"}", List.of("unknown field 'colour'")),
                Arguments.of("an unknown nested member", "{\"name\":\"x\",\"tags\":[],\"part\":{\"size\":1,\"unit\":\"cm\"}}",
                        List.of("unknown field 'part.unit'")),
                Arguments.of("an unknown member a URI fragment escapes", "{\"name\":\"x\",\"tags\":[],\"a b/c~d+e%\":1}",
                        List.of("unknown field 'a b/c~d+e%'")),
                Arguments.of("a bad value in an open map", "{\"name\":\"x\",\"tags\":[],\"labels\":{\"k\":1}}",
                        List.of("labels.k: ", "Expected string")),
                Arguments.of("several problems", "{\"name\":\"\",\"tags\":[1]}", List.of("name: ", "tags[0]: ")),
                Arguments.of("the wrong type at the top", "[1]", List.of("invalid Thing: ", "Expected object")),
                Arguments.of("a duplicate member", "{\"name\":\"x\",\"name\":\"y\",\"tags\":[]}", List.of("Duplicate field 'name'")),
                Arguments.of("trailing content", "{\"name\":\"x\",\"tags\":[]} {}", List.of("Trailing token")),
                Arguments.of("malformed JSON", "{\"name\":", List.of("malformed JSON")),
                Arguments.of("no body", "", List.of("the request body must be a JSON Thing")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesThatDoNotFit")
    void bodyThatDoesNotFit_isRefusedNamingTheField_beforeTheHandler(String what, String body, List<String> named) {
        HttpResponse<Buffer> response = post("application/json", body);

        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertThat(error(response)).as(what).contains(named);
        assertThat(handled).as(what).hasValue(0);
    }

    @Test
    void bodyNotDeclaredAsJson_isRefusedWith415() {
        for (String contentType : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "application/jsonp"}) {
            HttpResponse<Buffer> response = post(contentType, "{\"name\":\"x\",\"tags\":[]}");

            assertThat(response.statusCode()).as(contentType).isEqualTo(415);
            assertThat(error(response)).contains("application/json");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void queryParameterThatDoesNotFit_isRefusedWithItsDescription() {
        assertThat(error(count(""))).isEqualTo("query parameter 'size' is required");
        for (String value : new String[] {"0", "11", "x", "1.5", "%20"}) {
            HttpResponse<Buffer> response = count("?size=" + value);

            assertThat(response.statusCode()).as(value).isEqualTo(400);
            assertThat(error(response)).as(value).startsWith("query parameter 'size' must be a whole number from 1 to 10");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void queryStringThatIsNotUrlEncoding_isRefusedWith400() {
        HttpResponse<Buffer> response = count("?size=%zz");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("the query string is not valid URL encoding");
        assertThat(handled).hasValue(0);
    }

    @Test
    void route_outsideTheContractOrTwice_fails() {
        Router router = Router.router(vertx);
        ApiContract fresh = ApiContract.load(vertx, THINGS).await();
        fresh.route(router, HttpMethod.POST, "/things");

        assertThatThrownBy(() -> fresh.route(router, HttpMethod.PUT, "/things")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PUT /things is not in the API contract");
        assertThatThrownBy(() -> fresh.route(router, HttpMethod.POST, "/things")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(fresh::requireAllMounted).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /things/count").hasMessageNotContaining("POST /things");
    }

    @Test
    void load_refusesContractsItCannotEnforce() {
        assertThatThrownBy(() -> ApiContract.load(vertx, "org/fedomics/consent/web/header-parameter-contract.yaml").await())
                .hasMessageContaining("GET /things").hasMessageContaining("X-Page").hasMessageContaining("only query parameters");
        assertThatThrownBy(() -> ApiContract.load(vertx, "org/fedomics/consent/web/undescribed-parameter-contract.yaml").await())
                .hasMessageContaining("'page' needs a description");
        assertThatThrownBy(() -> ApiContract.load(vertx, "org/fedomics/consent/web/no-such-contract.yaml").await())
                .hasMessageContaining("no-such-contract.yaml").hasMessageContaining("not on the class path");
    }

    @Test
    void document_isTheContractAsJson() {
        JsonObject document = new JsonObject(contract.document());

        assertThat(document.getString("openapi")).isEqualTo("3.1.0");
        assertThat(document.getJsonObject("paths").fieldNames()).containsExactlyInAnyOrder("/things", "/things/count");
        assertThat(contract.endpoints()).containsExactly("GET /things/count", "POST /things");
    }
}
