package io.txorders.lab.cluster;

import io.txorders.lab.platform.EmbeddedSimulationPlatform;
import io.txorders.lab.Arguments;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/cluster-local.sh}: the platform scaled out on this machine. A multi-process RocketMQ cluster (one
 * name server, two brokers, a proxy in CLUSTER mode), MariaDB, and two instances of each service in external mode
 * (they only know the database's and the proxy's addresses). With {@code --scenario} it proves scale-out and
 * failover ({@link ClusterScenario}) and exits 0 or 1; otherwise it runs until Ctrl-C.
 */
public final class ClusterCommand {

    static final String USAGE = """
            usage: scripts/cluster-local.sh [--scenario] [--fresh] [--state DIR] [--free-ports]

            Starts one RocketMQ name server, two brokers (broker-a, broker-b) and a CLUSTER-mode proxy, each in its
            own JVM; MariaDB; and two instances of order-producer, inventory-consumer and points-consumer against
            them. Ports: proxy 127.0.0.1:8181, name server :9886, brokers :10931 and :10941, MariaDB :3326;
            order-producer :8191 and :8291, inventory-consumer :8192 and :8292, points-consumer :8193 and :8293
            (--free-ports picks free ones). State in .txorders-cluster (--state), kept between runs unless --fresh.
            --scenario: topics on both brokers, a broker killed under load (orders keep being accepted and
            completed, nothing lost after it returns), check-backs answered by either order instance; exit 1 when
            a check fails. Logs in <state>/logs. TXORDERS_ADMIN_TOKEN sets the admin token (else generated).""";

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

    private ClusterCommand(LocalCluster cluster, Path repo, Path logs, String token, PrintStream out) {
        this.cluster = cluster;
        this.repo = repo;
        this.logs = logs;
        this.token = token;
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("state"), Set.of("scenario", "fresh", "free-ports", "help"));
        } catch (IllegalArgumentException e) {
            err.println("cluster-local: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (parsed.flag("help")) {
            out.println(USAGE);
            return 0;
        }
        Path repo = Path.of(System.getProperty("txorders.repo", ".")).toAbsolutePath().normalize();
        Path state = Path.of(parsed.value("state", repo.resolve(".txorders-cluster").toString())).toAbsolutePath();
        boolean free = parsed.flag("free-ports");
        String token = env.getOrDefault("TXORDERS_ADMIN_TOKEN", UUID.randomUUID().toString().replace("-", ""));
        boolean scenario = parsed.flag("scenario");

        out.println("cluster-local: starting MariaDB and RocketMQ (name server, broker-a, broker-b, proxy) in " + state);
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(state.resolve("stack"), free ? freePort() : 3326,
                    free ? RocketMqCluster.Ports.free() : RocketMqCluster.Ports.standard(),
                    CLUSTER_CHECK_BACKS, 3, parsed.flag("fresh") || scenario, out);
        } catch (RuntimeException | IOException e) {
            err.println("cluster-local: could not start the cluster: " + e.getMessage());
            return 2;
        }
        if (parsed.flag("fresh") || scenario) {
            deleteLogs(state.resolve("logs"));
        }
        ClusterCommand command = new ClusterCommand(cluster, repo, state.resolve("logs"), token, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            command.stop();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            command.startServices(free, scenario);
            command.printEndpoints();
            if (!scenario) {
                out.println("Press Ctrl-C to stop everything.");
                stopped.await();
                return 0;
            }
            return new ClusterScenario(command, out).run() ? 0 : 1;
        } catch (Exception e) {
            err.println("cluster-local: " + e);
            e.printStackTrace(err);
            return 2;
        } finally {
            if (scenario) {
                Runtime.getRuntime().removeShutdownHook(hook);
                command.stop();
            }
        }
    }

    private void startServices(boolean free, boolean scenario) throws Exception {
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

    private void printEndpoints() {
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

    private synchronized void stop() {
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
