package io.txorders.devstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole platform on one machine, behind {@code scripts/run-local.sh}: the embedded {@link DevStack} on
 * RocketMQ's usual ports, then order-producer, inventory-consumer and points-consumer as child processes
 * pointed at it. Ctrl-C (SIGINT/SIGTERM) stops the services, then RocketMQ, then MariaDB.
 */
public final class PlatformLauncher {

    private static final PrintStream out = System.out;

    /** The services of the platform and their usual ports. */
    static final Map<String, Integer> SERVICES = Map.of("order-producer", 8091, "inventory-consumer", 8092,
            "points-consumer", 8093);

    private volatile boolean stopping;
    private volatile ServiceProcesses services;
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
        CheckBackTiming timing = CheckBackTiming.fromEnvironment(System.getenv());
        // order-producer republishes a committed publish still unconfirmed a minute after the broker gave up on it.
        Duration recoveryAfter = timing.window().plusMinutes(1);
        out.printf("run-local: broker check-back after %s, every %s, at most %d checks; unconfirmed commits "
                        + "republished after %s%n", timing.firstCheckAfter(), timing.checkInterval(), timing.maxChecks(),
                recoveryAfter);
        stack = DevStack.start(new DevStack.Options(options.stateDir(), DevStackPorts.standard(), timing, 5,
                options.fresh()));
        Files.createDirectories(logs);

        services = ServiceProcesses.against(stack, options.repoDir(), logs).progressTo(out).echoTo(out);
        for (String service : List.of("order-producer", "inventory-consumer", "points-consumer")) {
            ServiceProcess process = services.start(ServiceProcesses.Service.of(service, SERVICES.get(service),
                    Map.of("TXORDERS_ADMIN_TOKEN", token, "TXORDERS_PUBLISHER_RECOVERY_AFTER",
                            recoveryAfter.toSeconds() + "s"), options.springArgs()));
            out.printf("run-local: started %s pid=%d%n", service, process.pid());
        }
        out.println("run-local: waiting for the services to report health UP …");
        services.awaitHealthy(Duration.ofMinutes(3));

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

        List<ServiceProcess> children = services.all();
        CompletableFuture.anyOf(children.stream().map(c -> c.process().onExit()).toArray(CompletableFuture[]::new))
                .join();
        if (!stopping) {
            ServiceProcess dead = children.stream().filter(c -> !c.isAlive()).findFirst().orElseThrow();
            throw new IllegalStateException(dead.name() + " exited unexpectedly (exit code "
                    + dead.process().exitValue() + "); see " + logs.toAbsolutePath() + ". Stopping the platform.");
        }
    }

    /** Stops the services (SIGTERM, then SIGKILL after 20 s), then RocketMQ and MariaDB. */
    private void stop() {
        stopping = true;
        out.println("run-local: stopping services …");
        if (services != null) {
            services.stopAll(Duration.ofSeconds(25));
        }
        if (stack != null) {
            out.println("run-local: stopping RocketMQ and MariaDB …");
            stack.close();
        }
        out.println("run-local: stopped");
    }
}
