package io.txorders.messaging.web;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents the error shape of every operation in each service's {@code /v3/api-docs}: the RFC 9457 problem that
 * {@link StandardProblemHandler} answers, as {@code application/problem+json}, as the {@code default} response next
 * to each operation's own.
 */
public final class ProblemDocumentation implements OpenApiCustomizer {

    /** The name of the problem schema under {@code components/schemas}. */
    public static final String SCHEMA = "ProblemDetail";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        openApi.getComponents().addSchemas(SCHEMA, problemSchema());
        ApiResponse error = new ApiResponse().description("Error: RFC 9457 problem details")
                .content(problemContent());
        openApi.getPaths().values().forEach(path -> path.readOperations()
                .forEach(operation -> operation.getResponses().addApiResponse("default", error)));
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
                        .description("one entry per invalid field (400 only)"));
    }
}
