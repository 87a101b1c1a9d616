package io.txorders.lab.platform;

import io.txorders.devstack.CheckBackTiming;
import io.txorders.devstack.DevStack;
import io.txorders.devstack.DevStackPorts;
import io.txorders.devstack.ServiceProcess;
import io.txorders.messaging.database.UtcConnections;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A throw-away platform for one simulation: an embedded stack on free ports and the three services started
 * from their built jars, order-producer with {@code order.fault.switchable=true}. The broker keeps checking
 * back for 60 checks (not the development 15), so a SIGKILLed producer has time to come back.
 */
public final class EmbeddedSimulationPlatform implements SimulatedPlatform {

    /** The check-back simulation's broker timing: first check after 3 s, then every second, 60 checks. */
    public static final CheckBackTiming SIMULATION_TIMING =
            new CheckBackTiming(Duration.ofSeconds(3), Duration.ofSeconds(1), 60);
    /**
     * How long a service may take to stop before it is killed. Short: rocketmq-client-java's PushConsumer close
     * waits out its in-flight long-polling receives (about 20 s), and nothing of a throw-away platform needs that
     * drain: a service is stopped here only with no backlog left, and the inbox absorbs any redelivery.
     */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final DevStack stack;
    private final Path repo;
    private final Path logs;
    private final String token = UUID.randomUUID().toString();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final PrintStream out;
    private ServiceProcess orders;
    private int restarts;

    private EmbeddedSimulationPlatform(DevStack stack, Path repo, Path logs, PrintStream out) {
        this.stack = stack;
        this.repo = repo;
        this.logs = logs;
        this.out = out;
    }

    public static EmbeddedSimulationPlatform start(PrintStream out) throws Exception {
        return start(out, SIMULATION_TIMING);
    }

    public static EmbeddedSimulationPlatform start(PrintStream out, CheckBackTiming timing) throws Exception {
        Path repo = Path.of(System.getProperty("txorders.repo", ".")).toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("txorders-checkback-sim-");
        out.println("starting an embedded platform (MariaDB, RocketMQ, the 3 services) … state " + state);
        DevStack stack = DevStack.start(new DevStack.Options(state.resolve("stack"), DevStackPorts.free(), timing, 3,
                true));
        EmbeddedSimulationPlatform platform = new EmbeddedSimulationPlatform(stack, repo, state.resolve("logs"), out);
        try {
            platform.orders = platform.startService("order-producer", "order-producer.log");
            platform.services.add(platform.startService("inventory-consumer", "inventory-consumer.log"));
            platform.services.add(platform.startService("points-consumer", "points-consumer.log"));
            List<ServiceProcess> all = new ArrayList<>(platform.services);
            all.add(platform.orders);
            ServiceProcess.awaitHealthy(all, Duration.ofMinutes(3), out);
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    @Override
    public void restartInventory(List<String> springArgs) throws Exception {
        ServiceProcess.stopAll(List.of(services.get(0)), STOP_GRACE);
        restarts++;
        services.set(0, startService("inventory-consumer", "inventory-consumer-restart-" + restarts + ".log",
                springArgs));
        ServiceProcess.awaitHealthy(List.of(services.get(0)), Duration.ofMinutes(3), out);
    }

    private ServiceProcess startService(String service, String logName) throws IOException {
        return startService(service, logName, List.of());
    }

    private ServiceProcess startService(String service, String logName, List<String> extraArgs) throws IOException {
        List<String> args = new ArrayList<>(service.equals("order-producer")
                ? List.of("--order.fault.switchable=true") : List.of());
        args.addAll(extraArgs);
        return ServiceProcess.start(service, ServiceProcess.jar(repo, service), FreePort.next(), stack,
                Map.of("TXORDERS_ADMIN_TOKEN", token), args, logs.resolve(logName), null);
    }

    @Override
    public URI orders() {
        return URI.create("http://127.0.0.1:" + orders.port());
    }

    @Override
    public URI inventory() {
        return URI.create("http://127.0.0.1:" + services.get(0).port());
    }

    @Override
    public URI points() {
        return URI.create("http://127.0.0.1:" + services.get(1).port());
    }

    @Override
    public String adminToken() {
        return token;
    }

    @Override
    public Connection database(String name) throws SQLException {
        return UtcConnections.open(stack.jdbcUrl(name) + "?useSSL=false", stack.dbUser(), stack.dbPassword());
    }

    @Override
    public String jdbcUrl(String database) {
        return stack.jdbcUrl(database);
    }

    @Override
    public String dbUser() {
        return stack.dbUser();
    }

    @Override
    public String dbPassword() {
        return stack.dbPassword();
    }

    @Override
    public String rocketMqEndpoint() {
        return stack.rocketMqEndpoint();
    }

    @Override
    public String namesrvAddr() {
        return stack.namesrvAddr();
    }

    @Override
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> processes = new LinkedHashMap<>();
        processes.put("order-producer", orders.process().toHandle());
        for (ServiceProcess service : services) {
            processes.put(service.name(), service.process().toHandle());
        }
        stack.databaseProcess().ifPresent(db -> processes.put("mariadb", db));
        return processes;
    }

    @Override
    public List<Path> logs() {
        try (var files = Files.list(logs)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void killAndRestartOrderProducer(Consumer<String> timeline) throws Exception {
        long pid = orders.pid();
        orders.process().destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no graceful close
        orders.process().waitFor();
        timeline.accept("order-producer pid " + pid + " killed with SIGKILL");
        restarts++;
        orders = startService("order-producer", "order-producer-restart-" + restarts + ".log");
        timeline.accept("order-producer restarted as pid " + orders.pid());
        ServiceProcess.awaitHealthy(List.of(orders), Duration.ofMinutes(3), out);
        timeline.accept("restarted order-producer is healthy");
    }

    @Override
    public void close() {
        List<ServiceProcess> all = new ArrayList<>(services);
        if (orders != null) {
            all.add(orders);
        }
        ServiceProcess.stopAll(all, STOP_GRACE);
        out.println("service logs in " + logs);
        stack.close(STOP_GRACE); // the tools using this platform exit right after
    }

    /** A free loopback port. */
    public static final class FreePort {
        private FreePort() {
        }

        public static int next() throws IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
