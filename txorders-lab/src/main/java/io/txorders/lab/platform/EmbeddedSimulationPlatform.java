package io.txorders.lab.platform;

import static io.txorders.devstack.ServiceProcesses.ANY_FREE_PORT;

import io.txorders.devstack.CheckBackTiming;
import io.txorders.devstack.DevStack;
import io.txorders.devstack.DevStackPorts;
import io.txorders.devstack.ServiceProcess;
import io.txorders.devstack.ServiceProcesses;
import io.txorders.devstack.ServiceProcesses.Service;
import io.txorders.messaging.database.UtcConnections;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
    private final ServiceProcesses services;
    private final String token = UUID.randomUUID().toString();
    private final PrintStream out;

    private EmbeddedSimulationPlatform(DevStack stack, ServiceProcesses services, PrintStream out) {
        this.stack = stack;
        this.services = services;
        this.out = out;
    }

    public static EmbeddedSimulationPlatform start(PrintStream out) throws Exception {
        return start(out, SIMULATION_TIMING);
    }

    public static EmbeddedSimulationPlatform start(PrintStream out, CheckBackTiming timing) throws Exception {
        return start(out, timing, List.of());
    }

    /** @param orderProducerArgs more Spring arguments for order-producer, after {@code --order.fault.switchable=true} */
    public static EmbeddedSimulationPlatform start(PrintStream out, CheckBackTiming timing,
                                                   List<String> orderProducerArgs) throws Exception {
        Path repo = Path.of(System.getProperty("txorders.repo", ".")).toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("txorders-checkback-sim-");
        out.println("starting an embedded platform (MariaDB, RocketMQ, the 3 services) … state " + state);
        DevStack stack = DevStack.start(new DevStack.Options(state.resolve("stack"), DevStackPorts.free(), timing, 3,
                true));
        EmbeddedSimulationPlatform platform = new EmbeddedSimulationPlatform(stack,
                ServiceProcesses.against(stack, repo, state.resolve("logs")).progressTo(out).stopGrace(STOP_GRACE), out);
        try {
            Map<String, String> env = Map.of("TXORDERS_ADMIN_TOKEN", platform.token);
            platform.services.start(List.of(
                    Service.of("order-producer", ANY_FREE_PORT, env, Stream.concat(
                            Stream.of("--order.fault.switchable=true"), orderProducerArgs.stream()).toList()),
                    Service.of("inventory-consumer", ANY_FREE_PORT, env, List.of()),
                    Service.of("points-consumer", ANY_FREE_PORT, env, List.of())), Duration.ofMinutes(3));
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    @Override
    public void restartInventory(List<String> springArgs) throws Exception {
        services.restart("inventory-consumer", springArgs);
    }

    @Override
    public URI orders() {
        return uri("order-producer");
    }

    @Override
    public URI inventory() {
        return uri("inventory-consumer");
    }

    @Override
    public URI points() {
        return uri("points-consumer");
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
        for (ServiceProcess service : services.all()) {
            processes.put(service.name(), service.process().toHandle());
        }
        stack.databaseProcess().ifPresent(db -> processes.put("mariadb", db));
        return processes;
    }

    @Override
    public List<Path> logs() {
        return services.logFiles();
    }

    @Override
    public void killAndRestartOrderProducer(Consumer<String> timeline) throws Exception {
        services.killAndRestart("order-producer", timeline);
    }

    @Override
    public void close() {
        services.close();
        out.println("service logs in " + services.logs());
        stack.close(STOP_GRACE); // the tools using this platform exit right after
    }

    private URI uri(String service) {
        return URI.create("http://127.0.0.1:" + services.get(service).port());
    }
}
