package io.txorders.cli.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' admin HTTP API ({@code /admin/**}, {@code Authorization: Bearer <TXORDERS_ADMIN_TOKEN>}).
 * Every failure is an {@link AdminApiException} with a message fit for an operator.
 */
public final class AdminApi {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    public AdminApi(String token) {
        this.token = token;
    }

    /** The request could not be made ({@link #status()} -1) or was answered with an error status. */
    public static final class AdminApiException extends RuntimeException {
        private final int status;

        AdminApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }

        /** Unreachable, not an admin API, or the token refused: nothing the request itself could change. */
        public boolean isAccessProblem() {
            return status == -1 || status == 401 || status == 403;
        }
    }

    public JsonNode get(URI service, String path) {
        return send(service, path, HttpRequest.newBuilder().GET());
    }

    public JsonNode post(URI service, String path) {
        return send(service, path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode send(URI service, String path, HttpRequest.Builder request) {
        URI uri = service.resolve(path);
        HttpResponse<String> response;
        try {
            response = http.send(request.uri(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AdminApiException(-1, uri + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException(-1, "interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new AdminApiException(response.statusCode(), uri + " refused the admin token (HTTP "
                    + response.statusCode()
                    + "): check TXORDERS_ADMIN_TOKEN");
        }
        if (response.statusCode() >= 400) {
            throw new AdminApiException(response.statusCode(), uri + " answered HTTP " + response.statusCode() + ": "
                    + detail(response.body()));
        }
        if (response.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException notJson) {
            // E.g. a login page of a proxy in front of the service: not the admin API, whatever its status.
            String body = response.body().strip();
            throw new AdminApiException(-1, uri + " answered HTTP " + response.statusCode() + " with no JSON, so "
                    + "it is not a txorders admin API: " + (body.length() > 120 ? body.substring(0, 120) + "…" : body));
        }
    }

    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            return problem.path("detail").asString(body);
        } catch (RuntimeException notJson) {
            return body;
        }
    }
}
