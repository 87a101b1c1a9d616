package io.txorders.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine, behind {@code scripts/run-local.sh}: the embedded {@link DevStack} on
 * RocketMQ's usual ports, then order-producer, inventory-consumer and points-consumer as child processes
 * pointed at it. Ctrl-C (SIGINT/SIGTERM) stops the services, then RocketMQ, then MariaDB.
 */
public final class PlatformLauncher {

    private static final PrintStream out = System.out;

    /** A service of the platform and where its runnable jar is built. */
    record Service(String name, int port, String jar) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("order-producer", 8091, "order-producer/target/order-producer-exec.jar"),
            new Service("inventory-consumer", 8092, "inventory-consumer/target/inventory-consumer-exec.jar"),
            new Service("points-consumer", 8093, "points-consumer/target/points-consumer-exec.jar"));

    private final List<Process> children = new ArrayList<>();
    private volatile boolean stopping;
    private DevStack stack;

    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            out.println(LaunchOptions.USAGE);
            return;
        }
        PlatformLauncher launcher = new PlatformLauncher();
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "platform-shutdown"));
        try {
            launcher.run(options);
        } catch (Exception e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run(LaunchOptions options) throws Exception {
        String token = System.getenv("TXORDERS_ADMIN_TOKEN");
        boolean generatedToken = token == null || token.isBlank();
        if (generatedToken) {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            token = HexFormat.of().formatHex(bytes);
        }
        Path logs = options.stateDir().resolve("logs");
        out.printf("run-local: starting MariaDB and RocketMQ (state in %s)%n", options.stateDir().toAbsolutePath());
        stack = DevStack.start(new DevStack.Options(options.stateDir(), DevStackPorts.standard(),
                CheckBackTiming.development(), 5, options.fresh()));
        Files.createDirectories(logs);

        for (Service service : SERVICES) {
            children.add(startService(service, options, token, logs));
        }
        out.println("run-local: waiting for the services to report health UP …");
        waitUntilHealthy(Duration.ofMinutes(3));

        out.printf("""

                txorders is running
                  order-producer      http://127.0.0.1:8091   (POST /orders, GET /orders/{orderNo})
                  inventory-consumer  http://127.0.0.1:8092   (GET /stock/{sku})
                  points-consumer     http://127.0.0.1:8093   (GET /points/{userId})
                  health              http://127.0.0.1:809x/actuator/health, metrics at /actuator/prometheus
                  RocketMQ            namesrv 127.0.0.1:9876, broker 127.0.0.1:10911, proxy gRPC 127.0.0.1:8081
                  MariaDB             127.0.0.1:3316 (order_db, inventory_db, points_db)
                  admin token         %s%s
                  logs                %s
                Press Ctrl-C to stop everything.
                %n""", token, generatedToken ? "   (generated; set TXORDERS_ADMIN_TOKEN to choose one)" : "",
                logs.toAbsolutePath());

        CompletableFuture.anyOf(children.stream().map(Process::onExit).toArray(CompletableFuture[]::new)).join();
        if (!stopping) {
            Process dead = children.stream().filter(p -> !p.isAlive()).findFirst().orElseThrow();
            throw new IllegalStateException("a service exited unexpectedly (exit code " + dead.exitValue()
                    + "); see " + logs.toAbsolutePath() + ". Stopping the platform.");
        }
    }

    private Process startService(Service service, LaunchOptions options, String token, Path logs) throws IOException {
        Path jar = options.repoDir().resolve(service.jar());
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m", "-Xss512k",
                "-Drocketmq.log.root=" + logs.toAbsolutePath(),
                "-jar", jar.toString()));
        command.addAll(options.springArgs());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("TXORDERS_DB_HOST", "127.0.0.1");
        env.put("TXORDERS_DB_PORT", Integer.toString(stack.ports().database()));
        env.put("ROCKETMQ_ENDPOINTS", stack.rocketMqEndpoint());
        env.put("TXORDERS_ADMIN_TOKEN", token);
        Process process = builder.start();
        pump(service.name(), process.getInputStream(), logs.resolve(service.name() + ".log"));
        out.printf("run-local: started %s pid=%d%n", service.name(), process.pid());
        return process;
    }

    /** Copies a child's output to its log file and, prefixed with its name, to the console. */
    private static void pump(String name, InputStream stream, Path logFile) throws IOException {
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
                 log) {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    out.println("[" + name + "] " + line);
                }
            } catch (IOException e) {
                // The child is gone.
            }
        }, "output-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void waitUntilHealthy(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Service> waiting = new ArrayList<>(SERVICES);
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not healthy after " + timeout + ": " + waiting);
            }
            if (children.stream().anyMatch(p -> !p.isAlive())) {
                throw new IllegalStateException("a service exited during start-up; see its log above");
            }
            waiting.removeIf(service -> isUp(http, service));
            if (!waiting.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    private static boolean isUp(HttpClient http, Service service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + service.port() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            boolean up = response.statusCode() == 200;
            if (up) {
                out.printf("run-local: %s is UP%n", service.name());
            }
            return up;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s), then RocketMQ and MariaDB. */
    private void stop() {
        stopping = true;
        out.println("run-local: stopping services …");
        children.forEach(Process::destroy);
        for (Process child : children) {
            try {
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        }
        if (stack != null) {
            out.println("run-local: stopping RocketMQ and MariaDB …");
            stack.close();
        }
        out.println("run-local: stopped");
    }
}
