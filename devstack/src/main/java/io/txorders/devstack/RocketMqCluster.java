package io.txorders.devstack;

import io.txorders.messaging.contract.ConsumerGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A multi-process RocketMQ 5 cluster on loopback, from the Maven artifacts: one name server, several brokers
 * (masters of one cluster, each with its own store) and one proxy in CLUSTER mode, each in a JVM of its own
 * ({@code io.txorders.devstack.rocketmq.RocketMqNode}). Every platform topic is created on every broker, so its
 * queues are spread across them; consumer groups likewise.
 *
 * <p>Brokers can be killed (SIGKILL: a crash, the page cache keeps what was written) and started again on the
 * same store, for failover scenarios. Used by {@code scripts/cluster-local.sh}.
 */
public final class RocketMqCluster implements AutoCloseable {

    private static final String NODE_CLASS = "io.txorders.devstack.rocketmq.RocketMqNode";
    private static final String PROXY_HEARTBEAT_SYNCER_GROUP = "CID_DefaultHeartBeatSyncerTopic";

    /**
     * Loopback ports of the cluster.
     *
     * @param brokers remoting port per broker name; each broker also binds its port - 2 and port + 1 (HA)
     */
    public record Ports(int namesrv, int proxyGrpc, int proxyRemoting, Map<String, Integer> brokers) {

        /** Fixed ports that do not collide with {@code scripts/run-local.sh} (9876, 10911, 8081). */
        public static Ports standard() {
            Map<String, Integer> brokers = new LinkedHashMap<>();
            brokers.put("broker-a", 10931);
            brokers.put("broker-b", 10941);
            return new Ports(9886, 8181, 8180, brokers);
        }

        /** Ports free right now (tests). */
        public static Ports free() {
            Map<String, Integer> brokers = new LinkedHashMap<>();
            brokers.put("broker-a", freeBrokerPort());
            brokers.put("broker-b", freeBrokerPort());
            return new Ports(FreePorts.any(), FreePorts.any(), FreePorts.any(), brokers);
        }

        /** Free with its port - 2 (fast remoting) and port + 1 (HA). */
        private static int freeBrokerPort() {
            for (int attempt = 0; attempt < 50; attempt++) {
                int port = FreePorts.brokerPort();
                if (FreePorts.isFree(port + 1)) {
                    return port;
                }
            }
            throw new IllegalStateException("no free loopback ports for a broker");
        }
    }

    private final Path dir;
    private final Ports ports;
    private final CheckBackTiming timing;
    private final PrintStream progress;
    private final String classpath;
    private final Map<String, Process> nodes = new LinkedHashMap<>();

    private RocketMqCluster(Path dir, Ports ports, CheckBackTiming timing, PrintStream progress) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.ports = ports;
        this.timing = timing;
        this.progress = progress;
        this.classpath = Stream.of(RocketMqClassLoader.serverClasspath()).map(RocketMqCluster::toPath)
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * Starts the name server, the brokers and the proxy, then creates every platform topic and consumer group on
     * every broker.
     *
     * @throws IllegalStateException if a node does not start; what did start is stopped again
     */
    public static RocketMqCluster start(Path dir, Ports ports, CheckBackTiming timing, int retryMaxTimes,
                                        PrintStream progress) {
        RocketMqCluster cluster;
        try {
            cluster = new RocketMqCluster(dir, ports, timing, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.startNode("namesrv", Map.of("namesrvPort", ports.namesrv()), ports.namesrv());
            for (String broker : ports.brokers().keySet()) {
                cluster.startBroker(broker);
            }
            try (RocketMqAdmin admin = RocketMqAdmin.connect(cluster.namesrvAddr())) {
                admin.awaitBrokers(ports.brokers().size(), Duration.ofSeconds(60));
                admin.createPlatformTopology(retryMaxTimes);
                // A CLUSTER-mode proxy syncs client heartbeats with other proxies through a broadcast topic it
                // creates itself; its consumer group must exist, as groups are never auto-created here.
                admin.createGroup(PROXY_HEARTBEAT_SYNCER_GROUP, 16);
                cluster.startNode("proxy", Map.of("namesrvAddr", cluster.namesrvAddr(),
                        "proxyGrpcPort", ports.proxyGrpc(), "proxyRemotingPort", ports.proxyRemoting()),
                        ports.proxyGrpc());
                // Ready only when usable: the brokers register new topics with the name server asynchronously,
                // and a service whose client asks before that fails its first route fetch.
                admin.awaitPlatformRoutes(cluster.proxyEndpoint(), Duration.ofSeconds(90));
                progress.println("cluster: every topic routable through the name server and the proxy");
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public String namesrvAddr() {
        return "127.0.0.1:" + ports.namesrv();
    }

    /** The proxy's gRPC endpoint: what rocketmq-client-java connects to. */
    public String proxyEndpoint() {
        return "127.0.0.1:" + ports.proxyGrpc();
    }

    public List<String> brokerNames() {
        return List.copyOf(ports.brokers().keySet());
    }

    /** Kills a broker with SIGKILL: no shutdown, like a crash of its machine's process. */
    public synchronized void kill(String broker) throws InterruptedException {
        Process process = nodes.remove(broker);
        if (process == null) {
            throw new IllegalArgumentException("no running broker " + broker);
        }
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        progress.println("cluster: " + broker + " (pid " + process.pid() + ") killed with SIGKILL");
    }

    /** Starts a broker (again) on its port and store. */
    public synchronized void startBroker(String broker) {
        int port = ports.brokers().get(broker);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("brokerName", broker);
        props.put("namesrvAddr", namesrvAddr());
        props.put("brokerPort", port);
        props.put("haPort", port + 1);
        props.put("transactionTimeoutMs", timing.firstCheckAfter().toMillis());
        props.put("transactionCheckIntervalMs", timing.checkInterval().toMillis());
        props.put("transactionCheckMax", timing.maxChecks());
        startNode(broker, props, port);
    }

    private void startNode(String name, Map<String, ?> specific, int readyPort) {
        String role = name.equals("namesrv") || name.equals("proxy") ? name : "broker";
        Path nodeDir = dir.resolve(name);
        try {
            Files.createDirectories(nodeDir);
            Properties props = new Properties();
            props.setProperty("home", nodeDir.resolve("home").toString());
            props.setProperty("storeDir", nodeDir.resolve("store").toString());
            props.setProperty("logDir", nodeDir.resolve("logs").toString());
            props.setProperty("clusterName", "DefaultCluster");
            specific.forEach((key, value) -> props.setProperty(key, String.valueOf(value)));
            Path config = nodeDir.resolve("node.properties");
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(out, "txorders RocketMQ " + role);
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms128m", "-Xmx" + (role.equals("broker") ? "1g" : "512m"), "-XX:+UseSerialGC",
                    // 256 MB of direct memory ran out on the broker left alone after the other was killed:
                    // pops, acks, end-transactions and check-backs then failed with OutOfMemoryError.
                    "-XX:MaxDirectMemorySize=" + (role.equals("broker") ? "1g" : "512m"), "-Duser.home=" + nodeDir,
                    "-cp", classpath, NODE_CLASS, role, config.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()))
                    .start();
            nodes.put(name, process);
            awaitPort(name, process, readyPort, Duration.ofSeconds(90));
            progress.println("cluster: " + name + " up on 127.0.0.1:" + readyPort + " (pid " + process.pid() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void awaitPort(String name, Process process, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see "
                        + dir.resolve(name).resolve("node.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    TimeUnit.MILLISECONDS.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting " + name, e);
                }
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port + " within " + timeout);
    }

    /** Stops every node (SIGTERM, the proxy first, the name server last), waiting up to 30 s each. */
    @Override
    public synchronized void close() {
        List<String> order = new ArrayList<>(nodes.keySet());
        java.util.Collections.reverse(order);
        for (String name : order) {
            Process process = nodes.remove(name);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static String toPath(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file", e);
        }
    }
}
