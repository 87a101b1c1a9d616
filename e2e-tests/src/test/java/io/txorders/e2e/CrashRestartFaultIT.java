package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.txorders.cli.reconcile.ReconcileCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform as {@code scripts/run-local.sh} runs it (one launcher JVM with the broker, MariaDB as its child, the
 * three services as its children), every one of those processes SIGKILLed while order commits are pending, then
 * started again on the same state (-Pfaults). Every order that was accepted before the crash must end RESERVED and
 * reconcile must be clean: the broker's check-backs outlive the restart, and a publish the broker gave up on anyway
 * is republished. On the old timing (15 checks a second apart) the broker discarded the in-doubt messages while
 * order-producer was still starting, and those orders stayed PENDING.
 */
class CrashRestartFaultIT {

    private static final String TOKEN = "crash-restart-token";
    private static final String ORDERS = "http://127.0.0.1:8091";
    private static final String INVENTORY = "http://127.0.0.1:8092";
    private static final String POINTS = "http://127.0.0.1:8093";

    private final Path repo = Path.of(System.getProperty("txorders.repo", "..")).toAbsolutePath().normalize();
    private final Path state = Path.of("target", "crash-restart-state").toAbsolutePath();
    private final Path logs = Path.of("target", "e2e-logs").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process launcher;

    @AfterEach
    void stopThePlatform() throws Exception {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy(); // SIGTERM: the launcher stops services, broker and database
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                killTree(launcher);
            }
        }
    }

    @Test
    void everyAcceptedOrderIsReservedAfterEveryProcessWasKilledWithCommitsPending() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        launcher = start("--fresh", 1);
        String sku = "CRASH-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("PUT", INVENTORY + "/stock/" + sku, "{\"available\":100000}").statusCode()).isEqualTo(200);
        List<String> accepted = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> refused = new ConcurrentHashMap<>();

        placeOrders(sku, 40, accepted, refused);
        // From now on every local commit is left for the check-back: the commit is never sent.
        assertThat(send("PUT", ORDERS + "/admin/fault-mode", "{\"mode\":\"SKIP_END_AFTER_COMMIT\"}").statusCode())
                .isEqualTo(200);
        int beforeFault = accepted.size();
        placeOrders(sku, 40, accepted, refused);
        int pending = accepted.size() - beforeFault;
        System.out.printf("crash-restart: %d orders accepted (%d with their commit pending), refused %s%n",
                accepted.size(), pending, refused);
        assertThat(pending).as("orders accepted with their commit pending").isGreaterThanOrEqualTo(20);

        List<ProcessHandle> killed = killTree(launcher);
        System.out.printf("crash-restart: SIGKILLed %d processes (launcher with broker, MariaDB, services)%n",
                killed.size());
        assertThat(killed).hasSizeGreaterThanOrEqualTo(5);

        launcher = start(null, 2); // same state, fault injection off again

        await("every accepted order reserved").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
                .until(() -> accepted.stream().allMatch(orderNo -> "RESERVED".equals(status(orderNo))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ReconcileCommand.run(new String[] {"--since=" + since, "--settle=0s"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Clock.systemUTC());
        System.out.println(out.toString(StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** Places {@code count} one-unit orders, 8 at a time. */
    private void placeOrders(String sku, int count, List<String> accepted, Map<Integer, Integer> refused)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            long user = 90_000_000L + i;
            pool.submit(() -> {
                try {
                    HttpResponse<String> response = send("POST", ORDERS + "/orders", """
                            {"userId":%d,"items":[{"sku":"%s","quantity":1,"unitPrice":"2.00"}]}""".formatted(user, sku));
                    if (response.statusCode() == 201) {
                        accepted.add(JsonMapper.shared().readTree(response.body()).path("orderNo").asString());
                    } else {
                        refused.merge(response.statusCode(), 1, Integer::sum);
                    }
                } catch (IOException | InterruptedException e) {
                    refused.merge(-1, 1, Integer::sum);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
    }

    private String status(String orderNo) {
        try {
            HttpResponse<String> response = send("GET", ORDERS + "/orders/" + orderNo, null);
            return response.statusCode() == 200
                    ? JsonMapper.shared().readTree(response.body()).path("status").asString() : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** scripts/run-local.sh on the test's state directory; returns when all three services are ready. */
    private Process start(String extraArgument, int run) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("scripts/run-local.sh").toString(),
                "--state-dir=" + state, "--order.fault.switchable=true"));
        if (extraArgument != null) {
            command.add(extraArgument);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(logs.resolve("crash-restart-launcher-" + run + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("TXORDERS_ADMIN_TOKEN", TOKEN);
        Process process = builder.start(); // run-local.sh execs the launcher JVM: this is its process
        await("the platform is ready (run " + run + ")").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    assertThat(process.isAlive()).as("the launcher exited; see " + logs).isTrue();
                    return ready(ORDERS) && ready(INVENTORY) && ready(POINTS);
                });
        return process;
    }

    private boolean ready(String service) {
        try {
            return send("GET", service + "/actuator/health/readiness", null).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** SIGKILLs the process and everything it started, children first seen; returns what was killed. */
    private static List<ProcessHandle> killTree(Process process) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> handle).join();
        }
        return all;
    }

    private HttpResponse<String> send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
