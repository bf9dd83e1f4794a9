package org.fedomics.consent.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import java.util.List;
import java.util.Locale;

/**
 * One operation's check of a request against the contract: the query string's encoding, each
 * declared query parameter, then the JSON body. Parameters are checked on the event loop (a few small strings); a body, which may
 * be megabytes, on a worker. A request that fits goes on to the next handler; one that does not is
 * answered here, naming the parameter or field.
 */
final class OperationCheck implements Handler<RoutingContext> {
    private static final ParameterTransformer QUERY_VALUES = new FormTransformer();

    private final List<QueryParameter> parameters;
    /** Null when the operation takes no body. */
    private final BodyCheck body;

    OperationCheck(Operation operation, SchemaRepository schemas) {
        String endpoint = ApiContract.endpoint(operation.getHttpMethod(), operation.getOpenAPIPath());
        this.parameters = operation.getParameters().stream().map(p -> QueryParameter.of(endpoint, p, schemas)).toList();
        this.body = operation.getRequestBody() == null ? null : BodyCheck.of(endpoint, operation.getRequestBody(), schemas);
    }

    @Override
    public void handle(RoutingContext ctx) {
        MultiMap query;
        try {
            query = ctx.queryParams();
        } catch (HttpException malformed) {
            // Vert.x's refusal of a query it cannot decode, which the failure handler would answer as an unexpected 500.
            ErrorResponses.error(ctx, 400, "the query string is not valid URL encoding");
            return;
        }
        for (QueryParameter parameter : parameters) {
            String problem = parameter.problemIn(query.getAll(parameter.name()));
            if (problem != null) {
                ErrorResponses.error(ctx, 400, problem);
                return;
            }
        }
        if (body == null) {
            ctx.next();
            return;
        }
        Buffer content = ctx.body().buffer();
        byte[] bytes = content == null ? new byte[0] : content.getBytes();
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (bytes.length > 0 && !isJson(contentType)) {
            ErrorResponses.error(ctx, 415, "the request body must be application/json");
            return;
        }
        ctx.vertx().executeBlocking(() -> body.problemIn(bytes), false).onComplete(checked -> {
            if (checked.failed()) {
                ctx.fail(checked.cause());
            } else if (checked.result() != null) {
                ErrorResponses.error(ctx, 400, checked.result());
            } else {
                ctx.next();
            }
        });
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return type.equals(MediaType.APPLICATION_JSON);
    }

    /** A query parameter with its schema; its description says what a valid value is. */
    private record QueryParameter(Parameter parameter, String description, Validator validator) {
        static QueryParameter of(String endpoint, Parameter parameter, SchemaRepository schemas) {
            if (parameter.getIn() != Location.QUERY) {
                throw new IllegalArgumentException(endpoint + ": parameter '" + parameter.getName() + "' is in "
                        + parameter.getIn().name().toLowerCase(Locale.ROOT) + "; only query parameters are checked");
            }
            String description = parameter.getOpenAPIModel().getString("description");
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException(endpoint + ": parameter '" + parameter.getName()
                        + "' needs a description: it is what a refusal tells the caller");
            }
            return new QueryParameter(parameter, description, schemas.validator(parameter.getSchema()));
        }

        String name() {
            return parameter.getName();
        }

        /** What is wrong with the parameter's values, or null if nothing is (repeats are the handler's to judge). */
        String problemIn(List<String> values) {
            if (values.isEmpty()) {
                return parameter.isRequired() ? "query parameter '" + name() + "' is required" : null;
            }
            String refusal = "query parameter '" + name() + "' must be " + description;
            Object value;
            try {
                value = QUERY_VALUES.transform(parameter, values.get(0));
            } catch (ValidatorException e) {
                return refusal;
            }
            OutputUnit result = validator.validate(value);
            return result.getValid() ? null : refusal + " (" + SchemaErrors.reasons(result, value) + ")";
        }
    }

    /**
     * A required JSON body with its schema, named after the schema (ConsentChoice) in refusals.
     * Checked first with a validator that only answers yes or no, and explained by one that
     * collects every error only when the answer is no: collecting costs a valid body (a node's
     * snapshot request of a few dozen pseudonyms) about as much as signing the snapshot.
     */
    private record BodyCheck(String name, Validator fast, Validator explaining) {
        /** OpenAPI 3.1's schema dialect, the repository's; only the output differs from its validators. */
        private static final JsonSchemaOptions YES_OR_NO = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setOutputFormat(OutputFormat.Flag);

        static BodyCheck of(String endpoint, RequestBody body, SchemaRepository schemas) {
            MediaType json = body.getContent().get(MediaType.APPLICATION_JSON);
            if (json == null || body.getContent().size() != 1 || !body.isRequired()) {
                throw new IllegalArgumentException(endpoint + ": a request body must be required and application/json only");
            }
            return new BodyCheck(SchemaErrors.schemaName(body), schemas.validator(json.getSchema(), YES_OR_NO),
                    schemas.validator(json.getSchema()));
        }

        /** What is wrong with the body, or null if nothing is. */
        String problemIn(byte[] bytes) {
            ServiceResult<Object> parsed = StrictJson.readUntyped(bytes, name);
            if (parsed instanceof ServiceResult.Failure<Object> malformed) {
                return malformed.message();
            }
            Object value = ((ServiceResult.Success<Object>) parsed).value();
            if (fast.validate(value).getValid()) {
                return null;
            }
            OutputUnit result = explaining.validate(value);
            return result.getValid() ? null : "invalid " + name + ": " + SchemaErrors.reasons(result, value);
        }
    }
}
