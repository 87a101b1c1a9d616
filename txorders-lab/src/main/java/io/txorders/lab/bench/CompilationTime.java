package io.txorders.lab.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each service's accumulated JIT compilation time, from its Actuator metric {@code jvm.compilation.time}
 * ({@code GET /actuator/metrics/jvm.compilation.time}, open like health and metrics in every service): Micrometer's
 * {@code JvmCompilationMetrics}, a counter of the JVM's {@code CompilationMXBean.getTotalCompilationTime()}, e.g.
 * {@code {"baseUnit":"ms","measurements":[{"statistic":"COUNT","value":372788.0}], …}}.
 */
final class CompilationTime {

    static final String PATH = "/actuator/metrics/jvm.compilation.time";
    /** The statistics that carry the total, in the order they are looked for (a counter's is COUNT). */
    private static final List<String> TOTAL_STATISTICS = List.of("TOTAL_TIME", "COUNT", "TOTAL", "VALUE");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Map<String, URI> services;

    /** @param services each service's base URI (where its Actuator is), by name */
    CompilationTime(HttpClient http, Map<String, URI> services) {
        this.http = http;
        this.services = new LinkedHashMap<>(services);
    }

    /**
     * Each service's compilation time so far in milliseconds, in the order given; {@code null} for a service that did
     * not answer or whose answer had no total (a failed read makes a window unknown, not quiet).
     */
    Map<String, Double> snapshot() {
        Map<String, Double> millis = new LinkedHashMap<>();
        services.forEach((name, base) -> millis.put(name, read(base)));
        return millis;
    }

    private Double read(URI base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(PATH))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            OptionalDouble total = totalMillis(response.body());
            return total.isPresent() ? total.getAsDouble() : null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }

    /**
     * The total in milliseconds of an Actuator metric answer: the first of TOTAL_TIME, COUNT, TOTAL, VALUE among its
     * {@code measurements}, converted from its {@code baseUnit} ({@code ms}/{@code milliseconds}, {@code s}/{@code
     * seconds}, or none: milliseconds, the JVM's unit); empty when there is none or the unit is another.
     */
    static OptionalDouble totalMillis(String actuatorJson) {
        JsonNode metric = JSON.readTree(actuatorJson);
        String unit = metric.path("baseUnit").asString("ms");
        double toMillis = switch (unit) {
            case "ms", "milliseconds", "" -> 1;
            case "s", "seconds" -> 1000;
            default -> Double.NaN;
        };
        if (Double.isNaN(toMillis)) {
            return OptionalDouble.empty();
        }
        for (String statistic : TOTAL_STATISTICS) {
            for (JsonNode measurement : metric.path("measurements")) {
                if (statistic.equals(measurement.path("statistic").asString("")) && measurement.path("value").isNumber()) {
                    return OptionalDouble.of(measurement.path("value").asDouble() * toMillis);
                }
            }
        }
        return OptionalDouble.empty();
    }
}
