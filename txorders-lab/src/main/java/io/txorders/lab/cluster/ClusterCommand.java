package io.txorders.lab.cluster;

import io.txorders.lab.LabCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/cluster-local.sh}: the platform scaled out on this machine ({@link ClusterPlatform}). With
 * {@code --scenario} it proves scale-out and failover ({@link ClusterScenario}) and exits 0 or 1; otherwise it runs
 * until Ctrl-C. Exit code 2 on usage errors and when the cluster does not start.
 */
@Command(name = "cluster-local",
        customSynopsis = "scripts/cluster-local.sh [--scenario] [--fresh] [--state DIR] [--free-ports]",
        description = {"",
            "Starts one RocketMQ name server, two brokers (broker-a, broker-b) and a CLUSTER-mode proxy, each in its",
            "own JVM; MariaDB; and two instances of order-producer, inventory-consumer and points-consumer against",
            "them. Ports: proxy 127.0.0.1:8181, name server :9886, brokers :10931 and :10941, MariaDB :3326;",
            "order-producer :8191 and :8291, inventory-consumer :8192 and :8292, points-consumer :8193 and :8293",
            "(--free-ports picks free ones). State in .txorders-cluster (--state), kept between runs unless --fresh.",
            "--scenario: topics on both brokers, a broker killed under load (orders keep being accepted and",
            "completed, nothing lost after it returns), check-backs answered by either order instance; exit 1 when",
            "a check fails. Logs in <state>/logs. TXORDERS_ADMIN_TOKEN sets the admin token (else generated).",
            ""})
public final class ClusterCommand extends LabCommand {

    @Option(names = "--scenario", description = "Prove scale-out and failover, then stop; exit 1 when a check "
            + "fails. Implies --fresh.")
    boolean scenario;

    @Option(names = "--fresh", description = "Wipe the state (databases, message stores, logs) first.")
    boolean fresh;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Where the state lives (default: .txorders-cluster in the repository).")
    Path state;

    @Option(names = "--free-ports", description = "Free ports instead of the standard ones.")
    boolean freePorts;

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs {@code scripts/cluster-local.sh <args>}; returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return LabCommand.execute(new ClusterCommand(), args, env, out, err);
    }

    @Override
    public Integer call() {
        Path repo = Path.of(System.getProperty("txorders.repo", ".")).toAbsolutePath().normalize();
        Path stateDir = (state == null ? repo.resolve(".txorders-cluster") : state).toAbsolutePath();
        String token = env.getOrDefault("TXORDERS_ADMIN_TOKEN", UUID.randomUUID().toString().replace("-", ""));
        ClusterPlatform cluster;
        try {
            cluster = ClusterPlatform.start(repo, stateDir, freePorts, fresh, scenario, token, out);
        } catch (ClusterPlatform.SetUpException e) {
            err.println("cluster-local: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cluster.stop();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            cluster.startServices(freePorts, scenario);
            cluster.printEndpoints();
            if (!scenario) {
                out.println("Press Ctrl-C to stop everything.");
                stopped.await();
                return 0;
            }
            return new ClusterScenario(cluster, out).run() ? 0 : 1;
        } catch (Exception e) {
            err.println("cluster-local: " + e);
            e.printStackTrace(err);
            return 2;
        } finally {
            if (scenario) {
                Runtime.getRuntime().removeShutdownHook(hook);
                cluster.stop();
            }
        }
    }
}
