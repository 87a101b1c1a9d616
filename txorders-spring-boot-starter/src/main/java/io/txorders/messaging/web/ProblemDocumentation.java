package io.txorders.messaging.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;

/**
 * Makes each service's {@code /v3/api-docs} say what the service answers (checked against real answers by
 * {@code e2e-tests/…/ApiContractIT}):
 * <ul>
 * <li>successful bodies are {@code application/json} (not springdoc's {@code * /*}), and the values of a map
 * answer may be any JSON value;</li>
 * <li>every error is {@code application/problem+json} with the {@value #SCHEMA} schema, whose {@code instance} is a
 * relative URI reference: the statuses {@link StandardProblemHandler} answers for any operation (400 when it takes
 * parameters or a body, 401 + {@code WWW-Authenticate} when it takes the admin token, 406, 415 and 413 when it takes a
 * body, 500, 503 + {@code Retry-After}), the ones declared with {@link ProblemResponse}, and {@code default} for the
 * rest (405 and the like).</li>
 * </ul>
 */
public final class ProblemDocumentation implements OpenApiCustomizer, OperationCustomizer {

    /** The name of the problem schema under {@code components/schemas}. */
    public static final String SCHEMA = "ProblemDetail";

    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        if (AdminOnlyInterceptor.isAdminOnly(handlerMethod) && !takesAdminToken(operation)) {
            // Not a parameter of the handler any more (AdminOnlyInterceptor reads it), still one of the operation.
            // Not required: without it the answer is the documented 401.
            operation.addParametersItem(new HeaderParameter().name(HttpHeaders.AUTHORIZATION).required(false)
                    .description("Bearer <admin token>").schema(new StringSchema()));
        }
        ApiResponses responses = operation.getResponses();
        for (ProblemResponse declared : handlerMethod.getMethod().getAnnotationsByType(ProblemResponse.class)) {
            ApiResponse response = problem(declared.description());
            if (declared.status() == 503) {
                response.addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter());
            }
            responses.addApiResponse(Integer.toString(declared.status()), response);
        }
        return operation;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents().addSchemas(SCHEMA, problemSchema());
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(this::documentSharedAnswers));
    }

    private void documentSharedAnswers(Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.values().forEach(ProblemDocumentation::jsonInsteadOfAnything);
        responses.values().stream().filter(r -> r.getContent() != null).flatMap(r -> r.getContent().values().stream())
                .forEach(media -> anyValueInMapsOfObject(media.getSchema()));
        Map<String, ApiResponse> shared = new LinkedHashMap<>();
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (hasParameters || operation.getRequestBody() != null) {
            shared.put("400", problem("Invalid request: a parameter, header or the body is missing, malformed or "
                    + "invalid; errors names each field"));
        }
        if (takesAdminToken(operation)) {
            shared.put("401", problem("The admin token is missing or wrong").addHeaderObject(
                    HttpHeaders.WWW_AUTHENTICATE, new Header().schema(new StringSchema()._enum(java.util.List.of("Bearer")))));
        }
        shared.put("406", problem("The Accept header excludes JSON (the problem is sent all the same)"));
        if (operation.getRequestBody() != null) {
            shared.put("413", problem("The request body is too large"));
            shared.put("415", problem("The Content-Type is not application/json"));
        }
        shared.put("500", problem("Unexpected failure (logged); retry later"));
        shared.put("503", problem("The database or the message broker is unavailable; nothing was changed")
                .addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter()));
        shared.forEach(responses::putIfAbsent);
        responses.addApiResponse("default", problem("Any other error, e.g. 405 for a method the path does not allow"));
    }

    /**
     * A {@code Map<String, Object>} answer (the admin API's) holds any JSON value, where springdoc's OpenAPI 3.0 output
     * says its values are objects: {@code {"mode":"NONE"}} would contradict the document.
     */
    private static void anyValueInMapsOfObject(Schema<?> schema) {
        if (schema == null) {
            return;
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values && values.get$ref() == null
                && "object".equals(values.getType()) && values.getProperties() == null) {
            schema.setAdditionalProperties(true);
        }
        anyValueInMapsOfObject(schema.getItems());
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ProblemDocumentation::anyValueInMapsOfObject);
        }
    }

    private static boolean takesAdminToken(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .map(Parameter::getName).anyMatch(HttpHeaders.AUTHORIZATION::equalsIgnoreCase);
    }

    /** springdoc writes {@code * /*} for a body whose media type the handler does not declare: it is JSON. */
    private static void jsonInsteadOfAnything(ApiResponse response) {
        Content content = response.getContent();
        if (content != null && content.containsKey("*/*")) {
            content.put(JSON, content.remove("*/*"));
        }
    }

    private static Header retryAfter() {
        return new Header().description("seconds to wait before retrying").schema(new IntegerSchema());
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    /** {@code application/problem+json} with the {@value #SCHEMA} schema. */
    public static Content problemContent() {
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details; some problems add members (e.g. orderNo, orderStatus)")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .description("a URI reference naming the problem type; about:blank when the status says it all"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("the request's path, a relative reference such as /orders/ORD-1"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                                .addProperty("field", new StringSchema()).addProperty("message", new StringSchema()))
                        .description("one entry per invalid field (400 only)"))
                // RFC 9457 extension members, e.g. orderNo and orderStatus of a 409 about an order.
                .additionalProperties(true)
                .required(java.util.List.of("title", "status"));
    }
}
