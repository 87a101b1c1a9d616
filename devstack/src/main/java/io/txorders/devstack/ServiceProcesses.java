package io.txorders.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The platform's services as child processes of this JVM, against one database server and one RocketMQ proxy: each
 * started from its built jar ({@link ServiceProcess}) under a name, awaited until healthy, and stopped, killed or
 * restarted by that name. What {@code scripts/run-local.sh} ({@link PlatformLauncher}), the lab's embedded platform
 * and cluster, and the end-to-end tests start the services with.
 *
 * <p>Each service writes {@code <logs>/<name>.log}; a restart writes a new file, {@code <name>-restart-<n>.log}
 * (n counts the restarts of all services). A service with port {@link #ANY_FREE_PORT} gets a free loopback port at
 * every start; any other port is kept across restarts.
 */
public final class ServiceProcesses implements AutoCloseable {

    /** A port of {@link Service}: a free loopback port at every (re)start. */
    public static final int ANY_FREE_PORT = 0;

    /** How long a service may take to report healthy after a restart. */
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(3);

    /**
     * How to start one service.
     *
     * @param name its name: of its log file, in progress lines, to stop, kill or restart it by
     * @param service whose jar it runs ({@code order-producer}, {@code inventory-consumer}, {@code points-consumer})
     * @param port its HTTP port, or {@link #ANY_FREE_PORT}
     * @param env further environment (e.g. {@code TXORDERS_ADMIN_TOKEN}, {@code TZ})
     * @param args {@code --key=value} Spring properties
     */
    public record Service(String name, String service, int port, Map<String, String> env, List<String> args) {

        public Service {
            env = Map.copyOf(env);
            args = List.copyOf(args);
        }

        /** A service named after its jar. */
        public static Service of(String service, int port, Map<String, String> env, List<String> args) {
            return new Service(service, service, port, env, args);
        }
    }

    private final Path repo;
    private final int databasePort;
    private final String rocketMqEndpoint;
    private final Path logs;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private PrintStream progress;
    private PrintStream console;
    private Duration stopGrace = Duration.ofSeconds(20);
    private int restarts;

    /**
     * @param repo the repository root, where the services' jars are built ({@link ServiceProcess#jar})
     * @param databasePort the MariaDB server on 127.0.0.1 with the services' databases
     * @param rocketMqEndpoint the RocketMQ proxy ({@code host:port})
     * @param logs where the services' log files go
     */
    public ServiceProcesses(Path repo, int databasePort, String rocketMqEndpoint, Path logs) {
        this.repo = repo;
        this.databasePort = databasePort;
        this.rocketMqEndpoint = rocketMqEndpoint;
        this.logs = logs;
    }

    /** Services against an embedded {@link DevStack}. */
    public static ServiceProcesses against(DevStack stack, Path repo, Path logs) {
        return new ServiceProcesses(repo, stack.ports().database(), stack.rocketMqEndpoint(), logs);
    }

    /** Where {@code <name> is UP} goes while waiting for health (none by default). */
    public ServiceProcesses progressTo(PrintStream progress) {
        this.progress = progress;
        return this;
    }

    /** Also copies every service's output, each line prefixed with its name, to {@code console}. */
    public ServiceProcesses echoTo(PrintStream console) {
        this.console = console;
        return this;
    }

    /** How long a stopped service may take to exit before it is killed (20 s unless set). */
    public ServiceProcesses stopGrace(Duration grace) {
        this.stopGrace = grace;
        return this;
    }

    /** Starts the services, then waits until all are healthy. */
    public void start(List<Service> services, Duration timeout) throws IOException, InterruptedException {
        for (Service service : services) {
            start(service);
        }
        awaitHealthy(timeout);
    }

    /** Starts one service, without waiting for it: see {@link #awaitHealthy}. */
    public ServiceProcess start(Service service) throws IOException {
        synchronized (this) {
            services.put(service.name(), service);
        }
        return launch(service, service.args(), service.name() + ".log");
    }

    /**
     * Waits until every running service is healthy.
     *
     * @throws IllegalStateException if one exits or the timeout passes
     */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        ServiceProcess.awaitHealthy(all(), timeout, progress);
    }

    /** The service running under {@code name} now (a restart replaces it). */
    public synchronized ServiceProcess get(String name) {
        ServiceProcess process = running.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no service " + name + " was started");
        }
        return process;
    }

    /** Every service, in the order they were first started. */
    public synchronized List<ServiceProcess> all() {
        return new ArrayList<>(running.values());
    }

    /** SIGKILLs the service (no shutdown hook, no graceful close) and waits until it is gone; returns it. */
    public ServiceProcess kill(String name) throws InterruptedException {
        ServiceProcess killed = get(name);
        killed.process().destroyForcibly();
        killed.process().waitFor();
        return killed;
    }

    /**
     * Stops the service (if it still runs) and starts it again with its arguments and {@code extraArgs}, writing a new
     * log file; returns it once it is healthy.
     */
    public ServiceProcess restart(String name, List<String> extraArgs) throws IOException, InterruptedException {
        return restart(name, extraArgs, started -> { });
    }

    /**
     * {@link #kill}s the service and {@link #restart}s it, telling {@code timeline} what happened: the check-back
     * scenario of an order-producer killed between its local commit and the commit it never sent.
     */
    public ServiceProcess killAndRestart(String name, Consumer<String> timeline)
            throws IOException, InterruptedException {
        ServiceProcess killed = kill(name);
        timeline.accept(name + " pid " + killed.pid() + " killed with SIGKILL");
        ServiceProcess restarted = restart(name, List.of(), started ->
                timeline.accept(name + " restarted as pid " + started.pid()));
        timeline.accept("restarted " + name + " is healthy");
        return restarted;
    }

    private ServiceProcess restart(String name, List<String> extraArgs, Consumer<ServiceProcess> started)
            throws IOException, InterruptedException {
        ServiceProcess.stopAll(List.of(get(name)), stopGrace);
        Service service;
        int restart;
        synchronized (this) {
            service = services.get(name);
            restart = ++restarts;
        }
        List<String> args = new ArrayList<>(service.args());
        args.addAll(extraArgs);
        ServiceProcess restarted = launch(service, args, name + "-restart-" + restart + ".log");
        started.accept(restarted);
        ServiceProcess.awaitHealthy(List.of(restarted), RESTART_TIMEOUT, progress);
        return restarted;
    }

    /** SIGTERM to every service at once, then SIGKILL to whatever still runs after {@code grace}. */
    public void stopAll(Duration grace) {
        ServiceProcess.stopAll(all(), grace);
    }

    /** {@link #stopAll} with the {@link #stopGrace}. */
    @Override
    public void close() {
        stopAll(stopGrace);
    }

    /** Where the log files go. */
    public Path logs() {
        return logs;
    }

    /** The services' log files, restarts' included, by name. */
    public List<Path> logFiles() {
        return logFilesIn(logs);
    }

    /** The {@code *.log} files in {@code dir} by name (none when it does not exist yet). */
    public static List<Path> logFilesIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Deletes the log files of earlier runs. */
    public void clearLogs() {
        try (var files = Files.list(logs)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // no logs yet
        }
    }

    private ServiceProcess launch(Service service, List<String> args, String logName) throws IOException {
        int port = service.port() == ANY_FREE_PORT ? FreePorts.any() : service.port();
        ServiceProcess process = ServiceProcess.start(service.name(), ServiceProcess.jar(repo, service.service()),
                port, databasePort, rocketMqEndpoint, service.env(), args, logs.resolve(logName), console);
        synchronized (this) {
            running.put(service.name(), process);
        }
        return process;
    }
}
