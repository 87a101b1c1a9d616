package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.e2e.DocumentedOperations.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile requests against every documented operation of every service (taken from each
 * {@code /v3/api-docs}, so new endpoints are covered without touching this test) plus the actuator and unknown paths:
 * random methods, media types ({@code application/*}, form, multipart, garbage), Accept headers, header values, bodies
 * and path segments (Unicode, %-encodings, very long, empty). Whatever arrives, the answer is never a 5xx, and every 4xx
 * is {@code application/problem+json} — 406 included: the problem document is sent even to a client that did not
 * accept it, as RFC 9110 allows; even what Tomcat refuses before the application sees it (an unsupported
 * {@code Expect}, a request target it will not decode, {@code TRACE}) is a problem document. Exceptions, documented in
 * the README: an answer to HEAD has no body, and Spring Boot Actuator's own 4xx without a body (an unknown metric).
 *
 * <p>Admin operations never get the valid token unless the request is a GET: nothing here may change stock, webhooks
 * or fault modes. On a failure jqwik prints the seed; the failing sample is tried first on the next run.
 */
class HostileRequestsIT {

    private static final String VALID_TOKEN = "Bearer " + Platform.ADMIN_TOKEN;
    private static List<Operation> operations;

    @BeforeContainer
    static void enumerateOperations() {
        operations = new ArrayList<>(DocumentedOperations.ofAllServices(Platform.get()));
        Platform platform = Platform.get();
        // Not in the API documents but served all the same.
        for (var service : List.of(platform.orders, platform.inventory, platform.points)) {
            operations.add(new Operation(service, "GET", "/actuator/health", false));
            operations.add(new Operation(service, "GET", "/actuator/info", false));
            operations.add(new Operation(service, "GET", "/actuator/metrics/{name}", false));
            operations.add(new Operation(service, "GET", "/{unknown}", false));
            operations.add(new Operation(service, "POST", "/{unknown}/{unknown2}", true));
        }
    }

    @Property(tries = 400, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void noRequestGetsA5xxAndEvery4xxIsAProblemDocument(@ForAll("hostileRequests") Hostile hostile) {
        RawHttp.Response response = RawHttp.send(hostile.operation().service().port(), hostile.request());
        assertAnsweredCleanly(hostile, response);
    }

    static void assertAnsweredCleanly(Hostile hostile, RawHttp.Response response) {
        String context = hostile.operation() + " <- " + hostile.request().describe() + " -> " + response.describe();
        assertThat(response.status()).as(context).isLessThan(500);
        boolean actuatorWithoutBody = hostile.request().target().startsWith("/actuator/")
                && response.header("Content-Length").orElse("").equals("0");
        if (response.status() >= 400 && !hostile.request().method().equals("HEAD") && !actuatorWithoutBody) {
            assertThat(response.header("Content-Type").orElse("(none)")).as(context)
                    .startsWith("application/problem+json");
        }
    }

    /** A request generated for an operation. */
    record Hostile(Operation operation, RawHttp.Request request) {
        @Override
        public String toString() {
            return operation + " <- " + request.describe();
        }
    }

    @Provide
    Arbitrary<Hostile> hostileRequests() {
        return Arbitraries.of(operations).flatMap(operation -> Combinators.combine(
                method(operation), target(operation), contentType(), accept(), authorization(operation),
                otherHeaders(), body(operation)).as((method, target, contentType, accept, auth, other, body) -> {
                    Map<String, String> headers = new LinkedHashMap<>(other);
                    contentType.ifPresentOrElse(v -> headers.put("Content-Type", v), () -> { });
                    accept.ifPresentOrElse(v -> headers.put("Accept", v), () -> { });
                    String token = auth.orElse(null);
                    if (VALID_TOKEN.equals(token) && !method.equals("GET")) {
                        token = "Bearer not-the-token";
                    }
                    if (token != null) {
                        headers.put("Authorization", token);
                    }
                    return new Hostile(operation, new RawHttp.Request(method, target, headers, body));
                }));
    }

    private static Arbitrary<String> method(Operation operation) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(operation.method())),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("TRACE", "PROPFIND", "FOO", "get")));
    }

    /** The path with each variable replaced by a generated segment, sometimes with a query string. */
    private static Arbitrary<String> target(Operation operation) {
        List<String> variables = operation.variables();
        Arbitrary<List<String>> segments = pathSegment().list().ofSize(variables.size());
        return Combinators.combine(segments, queryString()).as((values, query) -> {
            String path = operation.path();
            for (int i = 0; i < variables.size(); i++) {
                path = path.replace("{" + variables.get(i) + "}", values.get(i));
            }
            return path + query;
        });
    }

    private static Arbitrary<String> pathSegment() {
        return Arbitraries.oneOf(
                Arbitraries.of("SKU-1", "1", "0", "-1", "42", "9223372036854775808", "99999999999999999999", "1.5",
                        "ORD-1", "00000000-0000-0000-0000-000000000000", "not-a-uuid", "null", "true"),
                Arbitraries.of("", "%20", "%2F", "%2e%2e", "%25", "%00", "%0A", "%C3%A9", "%C3%28", "%FF", "%E2%80%AF",
                        ";x=1", "a;b", "~", "!$&'()*+,=", "@", ":", "..", "."),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2000).ofMaxLength(9000),
                unicode().ofMaxLength(20).map(RawHttp::percentEncode),
                unicode().ofMinLength(1).ofMaxLength(10).map(s -> s.replace(' ', '_')));
    }

    private static Arbitrary<String> queryString() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.of("?limit=abc", "?limit=-1", "?limit=0", "?limit=99999999999", "?limit=1001",
                        "?status=%00", "?status=DEAD", "?status=nonsense", "?limit=", "?=", "?&&", "?limit=5&limit=x",
                        "?a=%C3%28"),
                unicode().ofMaxLength(30).map(s -> "?q=" + RawHttp.percentEncode(s)));
    }

    private static Arbitrary<java.util.Optional<String>> contentType() {
        return Arbitraries.of("application/json", "application/json; charset=UTF-8", "application/*", "*/*",
                        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=nonsense",
                        "multipart/form-data; boundary=xyz", "multipart/form-data", "multipart/mixed; boundary=--",
                        "text/plain", "text/plain; charset=ISO-8859-1", "application/xml", "application/problem+json",
                        "application/json; charset=ebcdic-nonsense", "application/json; charset=UTF-16",
                        "application/merge-patch+json", "ä;;==", "/", "application", "*/json", "text/*; q=x",
                        "application/octet-stream", "")
                .optional(0.85);
    }

    private static Arbitrary<java.util.Optional<String>> accept() {
        return Arbitraries.of("*/*", "application/json", "application/problem+json", "text/html", "image/png",
                        "application/xml", "text/*", "application/json;q=0", "%%%", "application/*", "text/plain",
                        "application/json, application/problem+json", "a/b;q=2", "")
                .optional(0.7);
    }

    private static Arbitrary<java.util.Optional<String>> authorization(Operation operation) {
        Arbitrary<String> values = Arbitraries.of("Bearer not-the-token", "Bearer ", "Basic dXNlcjpwYXNz", "bearer x",
                "Bearer " + "x".repeat(5000), "Bearer \u00e9\u00e8", VALID_TOKEN);
        return values.optional(operation.isAdmin() ? 0.7 : 0.2);
    }

    private static Arbitrary<Map<String, String>> otherHeaders() {
        Arbitrary<String> names = Arbitraries.of("Idempotency-Key", "X-Request-Id", "Accept-Charset", "Accept-Language",
                "If-None-Match", "If-Modified-Since", "Origin", "Range", "Content-Encoding", "Expect");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("", "key-1", "gzip", "bytes=0-1", "bytes=x", "100-continue", "Sat, 99 Foo 2099",
                        "http://evil.example", "*", "de-DE;q=x", "utf-99"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300),
                // Latin-1 range only: anything above cannot be carried by an HTTP/1.1 header line.
                Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(20));
        return Arbitraries.maps(names, values).ofMaxSize(3);
    }

    private static Arbitrary<byte[]> body(Operation operation) {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of("", "{}", "[]", "null", "0", "\"x\"", "{", "}", "{\"userId\":", "{\"available\":100}",
                        "{\"available\":-1}", "{\"available\":1e400}", "{\"available\":\"100\"}", "{\"available\":null}",
                        "{\"mode\":\"NONE\"}", "{\"url\":\"http://127.0.0.1:1/x\",\"events\":[\"OrderPaid\"],"
                                + "\"secret\":\"0123456789abcdef\"}",
                        "{\"userId\":1,\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":\"19.90\"}]}",
                        "{\"userId\":1,\"items\":[{\"sku\":\"\u3000\",\"quantity\":1,\"unitPrice\":\"1\"}]}",
                        "{\"userId\":1e400,\"items\":[]}", "{\"userId\":1,\"items\":[{\"sku\":\"A\",\"quantity\":1,"
                                + "\"unitPrice\":\"1000000000.00\"}]}",
                        "a=b&c=%zz&d", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--xyz--\r\n",
                        "--xyz\r\ngarbage", "<xml/>"),
                Arbitraries.just("[".repeat(3000) + "]".repeat(3000)),
                Arbitraries.just("{\"userId\":1,\"items\":[{\"sku\":\"" + "A".repeat(70_000) + "\"}]}"),
                unicode().ofMaxLength(200),
                jsonValue());
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(operation.hasBody() ? 2 : 5, Arbitraries.just(new byte[0])),
                net.jqwik.api.Tuple.of(6, text.map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(2, bytes));
    }

    /** Random JSON built from the names the services' bodies use, with values of every type. */
    private static Arbitrary<String> jsonValue() {
        Arbitrary<String> names = Arbitraries.of("userId", "items", "sku", "quantity", "unitPrice", "available", "mode",
                "url", "events", "secret", "", "\u00e9");
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("1e400", "-0", "1.999", "0.001", "99999999999999999999", "true", "false", "null",
                        "\"19.90\"", "\"\"", "\"\\u0000\"", "\"\\ud800\""),
                unicode().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return Arbitraries.recursive(() -> scalars, value -> Arbitraries.oneOf(
                value.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]"),
                Combinators.combine(names.list().ofMaxSize(3), value.list().ofSize(3)).as((keys, values) -> {
                    StringBuilder object = new StringBuilder("{");
                    for (int i = 0; i < keys.size(); i++) {
                        object.append(i > 0 ? "," : "").append('"').append(keys.get(i)).append("\":").append(values.get(i));
                    }
                    return object.append('}').toString();
                })), 3);
    }

    private static net.jqwik.api.arbitraries.StringArbitrary unicode() {
        return Arbitraries.strings().all().excludeChars('\r', '\n');
    }
}
