package io.txorders.lab.cluster;

import io.txorders.lab.platform.EmbeddedSimulationPlatform;
import io.txorders.devstack.CheckBackTiming;
import io.txorders.devstack.LocalCluster;
import io.txorders.devstack.RocketMqCluster;
import io.txorders.devstack.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform scaled out on this machine, as {@code scripts/cluster-local.sh} ({@link ClusterCommand}) runs it: a
 * multi-process RocketMQ cluster (one name server, two brokers, a proxy in CLUSTER mode), MariaDB, and two instances
 * of each service in external mode (they only know the database's and the proxy's addresses). What
 * {@link ClusterScenario} drives: instances killed and restarted.
 */
final class ClusterPlatform {

    /**
     * First check 3 s after the half message, then every 2 s, up to 120 times (4 minutes) before the broker gives
     * up on a message: a killed instance's channel stays registered at the broker for up to 120 s and checks sent
     * to it go nowhere; the development timing's 15 checks were seen running out before it expired.
     */
    static final CheckBackTiming CLUSTER_CHECK_BACKS = new CheckBackTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), 120);

    /** One service instance: how to start it again. */
    record Instance(String service, int number, int port, List<String> args) {
        String name() {
            return service + "-" + number;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    private final LocalCluster cluster;
    private final Path repo;
    private final Path logs;
    private final String token;
    private final PrintStream out;
    private final List<Instance> instances = new ArrayList<>();
    private final Map<String, ServiceProcess> running = new java.util.concurrent.ConcurrentHashMap<>();
    private int restarts;
    private boolean stopped;

    private ClusterPlatform(LocalCluster cluster, Path repo, Path logs, String token, PrintStream out) {
        this.cluster = cluster;
        this.repo = repo;
        this.logs = logs;
        this.token = token;
        this.out = out;
    }

    /**
     * Starts MariaDB and the RocketMQ cluster in {@code <state>/stack}; the services follow with
     * {@link #startServices} (logs in {@code <state>/logs}).
     *
     * @param free free ports instead of the standard ones
     * @param fresh wipe the state and the logs first ({@code scenario} does too)
     */
    static ClusterPlatform start(Path repo, Path state, boolean free, boolean fresh, boolean scenario, String token,
                                 PrintStream out) throws SetUpException {
        out.println("cluster-local: starting MariaDB and RocketMQ (name server, broker-a, broker-b, proxy) in " + state);
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(state.resolve("stack"), free ? freePort() : 3326,
                    free ? RocketMqCluster.Ports.free() : RocketMqCluster.Ports.standard(),
                    CLUSTER_CHECK_BACKS, 3, fresh || scenario, out);
        } catch (RuntimeException | IOException e) {
            throw new SetUpException("could not start the cluster: " + e.getMessage(), e);
        }
        if (fresh || scenario) {
            deleteLogs(state.resolve("logs"));
        }
        return new ClusterPlatform(cluster, repo, state.resolve("logs"), token, out);
    }

    /** The cluster's infrastructure did not start. */
    static final class SetUpException extends Exception {
        SetUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void startServices(boolean free, boolean scenario) throws Exception {
        int[][] ports = {{8191, 8291}, {8192, 8292}, {8193, 8293}};
        String[] services = {"order-producer", "inventory-consumer", "points-consumer"};
        for (int s = 0; s < services.length; s++) {
            for (int n = 1; n <= 2; n++) {
                List<String> args = new ArrayList<>();
                if (scenario && services[s].equals("order-producer")) {
                    args.add("--order.fault.switchable=true");
                }
                instances.add(new Instance(services[s], n, free ? freePort() : ports[s][n - 1], args));
            }
        }
        for (Instance instance : instances) {
            running.put(instance.name(), start(instance, instance.name() + ".log"));
        }
        ServiceProcess.awaitHealthy(new ArrayList<>(running.values()), Duration.ofMinutes(5), out);
    }

    private ServiceProcess start(Instance instance, String logName) throws IOException {
        return ServiceProcess.start(instance.name(), ServiceProcess.jar(repo, instance.service()), instance.port(),
                cluster.databasePort(), cluster.rocketMq().proxyEndpoint(), Map.of("TXORDERS_ADMIN_TOKEN", token),
                instance.args(), logs.resolve(logName), null);
    }

    void printEndpoints() {
        out.println();
        out.println("txorders cluster is up");
        out.printf("  RocketMQ proxy (CLUSTER)  %s   name server %s   brokers %s%n", cluster.rocketMq().proxyEndpoint(),
                cluster.rocketMq().namesrvAddr(), cluster.rocketMq().brokerNames());
        out.printf("  MariaDB                   127.0.0.1:%d%n", cluster.databasePort());
        for (Instance instance : instances) {
            out.printf("  %-25s %s%n", instance.name(), instance.uri());
        }
        out.printf("  admin token               %s%n", token);
        out.printf("  logs                      %s%n%n", logs);
    }

    // ---- what the scenario drives ----------------------------------------------------------------------------

    LocalCluster cluster() {
        return cluster;
    }

    String adminToken() {
        return token;
    }

    Instance instance(String service, int number) {
        return instances.stream().filter(i -> i.service().equals(service) && i.number() == number).findFirst()
                .orElseThrow();
    }

    /** The log file the instance writes now (a restart starts a new one). */
    Path logOf(Instance instance) {
        return running.get(instance.name()).logFile();
    }

    /** Kills the instance with SIGKILL. */
    void kill(Instance instance) throws InterruptedException {
        ServiceProcess process = running.remove(instance.name());
        process.process().destroyForcibly();
        process.process().waitFor();
        out.println("cluster: " + instance.name() + " (pid " + process.pid() + ") killed with SIGKILL");
    }

    /** Starts the instance again (new log file) and waits until it is healthy. */
    void restart(Instance instance) throws Exception {
        restarts++;
        ServiceProcess process = start(instance, instance.name() + "-restart-" + restarts + ".log");
        running.put(instance.name(), process);
        ServiceProcess.awaitHealthy(List.of(process), Duration.ofMinutes(3), out);
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        ServiceProcess.stopAll(new ArrayList<>(running.values()), Duration.ofSeconds(20));
        running.clear();
        cluster.close();
        out.println("cluster-local: stopped (logs in " + logs + ")");
    }

    private static void deleteLogs(Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path file : files.toList()) {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // no logs yet
        }
    }

    private static int freePort() throws IOException {
        return EmbeddedSimulationPlatform.FreePort.next();
    }
}
