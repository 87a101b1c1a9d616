package io.txorders.lab.cluster;

import io.txorders.devstack.CheckBackTiming;
import io.txorders.devstack.FreePorts;
import io.txorders.devstack.LocalCluster;
import io.txorders.devstack.RocketMqCluster;
import io.txorders.devstack.ServiceProcess;
import io.txorders.devstack.ServiceProcesses;
import io.txorders.devstack.ServiceProcesses.Service;
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

    /** One service instance: which service, which of its two instances, on which port, with which arguments. */
    record Instance(String service, int number, int port, List<String> args) {
        String name() {
            return service + "-" + number;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    private final LocalCluster cluster;
    private final ServiceProcesses services;
    private final String token;
    private final PrintStream out;
    private final List<Instance> instances = new ArrayList<>();
    private boolean stopped;

    private ClusterPlatform(LocalCluster cluster, ServiceProcesses services, String token, PrintStream out) {
        this.cluster = cluster;
        this.services = services;
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
            cluster = LocalCluster.start(state.resolve("stack"), free ? FreePorts.any() : 3326,
                    free ? RocketMqCluster.Ports.free() : RocketMqCluster.Ports.standard(),
                    CLUSTER_CHECK_BACKS, 3, fresh || scenario, out);
        } catch (RuntimeException e) {
            throw new SetUpException("could not start the cluster: " + e.getMessage(), e);
        }
        ServiceProcesses services = new ServiceProcesses(repo, cluster.databasePort(),
                cluster.rocketMq().proxyEndpoint(), state.resolve("logs")).progressTo(out)
                .stopGrace(Duration.ofSeconds(20));
        if (fresh || scenario) {
            services.clearLogs();
        }
        return new ClusterPlatform(cluster, services, token, out);
    }

    /** The cluster's infrastructure did not start. */
    static final class SetUpException extends Exception {
        SetUpException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void startServices(boolean free, boolean scenario) throws Exception {
        int[][] ports = {{8191, 8291}, {8192, 8292}, {8193, 8293}};
        String[] names = {"order-producer", "inventory-consumer", "points-consumer"};
        for (int s = 0; s < names.length; s++) {
            for (int n = 1; n <= 2; n++) {
                List<String> args = new ArrayList<>();
                if (scenario && names[s].equals("order-producer")) {
                    args.add("--order.fault.switchable=true");
                }
                instances.add(new Instance(names[s], n, free ? FreePorts.any() : ports[s][n - 1], args));
            }
        }
        services.start(instances.stream().map(instance -> new Service(instance.name(), instance.service(),
                instance.port(), Map.of("TXORDERS_ADMIN_TOKEN", token), instance.args())).toList(),
                Duration.ofMinutes(5));
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
        out.printf("  logs                      %s%n%n", services.logs());
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
        return services.get(instance.name()).logFile();
    }

    /** Kills the instance with SIGKILL. */
    void kill(Instance instance) throws InterruptedException {
        ServiceProcess process = services.kill(instance.name());
        out.println("cluster: " + instance.name() + " (pid " + process.pid() + ") killed with SIGKILL");
    }

    /** Starts the instance again (new log file) and waits until it is healthy. */
    void restart(Instance instance) throws Exception {
        services.restart(instance.name(), List.of());
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        services.close();
        cluster.close();
        out.println("cluster-local: stopped (logs in " + services.logs() + ")");
    }
}
