package io.txorders.lab.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Baseline (d) of the benchmark: baseline (c)'s transactional publish behind the same HTTP server the services
 * use (embedded Tomcat, NIO connector, its defaults) with one plain servlet and no framework: the request body
 * parsed as JSON, a {@code 201} with a JSON body and {@code Location}. Placement measured against it separates what
 * HTTP itself costs on these cores from what the Spring service adds (MVC, validation, idempotency keys, metrics,
 * the timeout message, logging, a JVM of its own).
 *
 * <p>Answers {@code 400} to a body without {@code items} and {@code 503} when the publish fails. Runs in the
 * benchmark's JVM, beside the embedded broker, as (c) does.
 */
final class MinimalPublishEndpoint implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector("HTTP/1.1");
    private final Path baseDir;

    /** Starts on a free loopback port; {@code publish} is one transactional publish, {@code true} when committed. */
    MinimalPublishEndpoint(LoadRun.Operation publish) throws IOException {
        TOMCAT_LOG.setLevel(Level.SEVERE); // Tomcat's start-up and leak-detection lines are not benchmark output
        baseDir = Files.createTempDirectory("txorders-bench-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "orders", new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                place(publish, request, response);
            }
        });
        context.addServletMappingDecoded("/orders", "orders");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IOException("could not start the minimal HTTP endpoint", e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private static void place(LoadRun.Operation publish, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        JsonNode order;
        try {
            order = JSON.readTree(request.getInputStream());
        } catch (JacksonException e) {
            order = null;
        }
        if (order == null || !order.path("items").isArray()) {
            response.setStatus(400);
            return;
        }
        boolean committed;
        try {
            committed = publish.call();
        } catch (Exception e) {
            committed = false;
        }
        if (!committed) {
            response.setStatus(503);
            return;
        }
        String orderNo = UUID.randomUUID().toString();
        byte[] body = JSON.writeValueAsBytes(Map.of("orderNo", orderNo, "status", "PENDING",
                "userId", order.path("userId").asLong()));
        response.setStatus(201);
        response.setContentType("application/json");
        response.setHeader("Location", "/orders/" + orderNo);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            // Stopping a benchmark's throw-away server: nothing to recover.
        }
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
