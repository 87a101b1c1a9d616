package io.txorders.devstack.rocketmq;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.proxy.ProxyStartup;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * One node of a multi-process RocketMQ 5 cluster, in a JVM of its own (devstack's {@code RocketMqCluster}
 * starts them): a name server, a broker, or a proxy in CLUSTER mode (stateless, it finds the brokers through
 * the name server, as in a real deployment). Run with the server artifacts alone on the class path, so the
 * isolation embedded mode needs is given by the process.
 *
 * <p>Usage: {@code RocketMqNode namesrv|broker|proxy <properties file>}. Keys: {@code home}, {@code storeDir},
 * {@code logDir}; namesrv: {@code namesrvPort}; broker: as {@link RocketMqServer#start} ({@code brokerName},
 * {@code brokerPort}, {@code haPort}, {@code clusterName}, the transaction check settings) plus
 * {@code namesrvAddr}; proxy: {@code namesrvAddr}, {@code clusterName}, {@code proxyGrpcPort},
 * {@code proxyRemotingPort}. Prints {@code READY <role>} when it serves; stops on SIGTERM; a SIGKILL is a crash.
 */
public final class RocketMqNode {

    private RocketMqNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RocketMqNode namesrv|broker|proxy <properties file>");
            System.exit(2);
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            props.load(in);
        }
        String home = RocketMqServer.required(props, "home");
        String storeDir = RocketMqServer.required(props, "storeDir");
        Files.createDirectories(Path.of(home, "conf"));
        Files.createDirectories(Path.of(storeDir));
        System.setProperty("rocketmq.home.dir", home);
        System.setProperty("txorders.rocketmq.log.dir", RocketMqServer.required(props, "logDir"));
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));

        switch (args[0]) {
            case "namesrv" -> {
                NamesrvController namesrv = RocketMqServer.startNamesrvController(home, storeDir,
                        RocketMqServer.intProp(props, "namesrvPort"));
                Runtime.getRuntime().addShutdownHook(new Thread(namesrv::shutdown));
            }
            case "broker" -> {
                BrokerController broker = RocketMqServer.createBroker(props, home, storeDir,
                        props.getProperty("clusterName", "DefaultCluster"), RocketMqServer.required(props, "brokerName"),
                        RocketMqServer.required(props, "namesrvAddr"), RocketMqServer.intProp(props, "brokerPort"));
                if (!broker.initialize()) {
                    throw new IllegalStateException("broker failed to initialize");
                }
                RocketMqServer.useIdleSafeTransactionalMessageService(broker);
                broker.start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown));
            }
            case "proxy" -> {
                // Thread pools: the defaults are one per core. On a small machine two threads served every consumer;
                // with a broker down, calls towards it held them and receives from the live broker answered after
                // the clients had given up (seen in the failover scenario: consumption stalled for minutes).
                // channelExpiredTimeout: a killed client's channel stays a check-back target until it expires
                // (default 120 s); clients heartbeat every 10 s, so 30 s is three missed heartbeats.
                Map<String, Integer> pools = new LinkedHashMap<>();
                pools.put("grpcProducerThreadPoolNums", 16);
                pools.put("grpcConsumerThreadPoolNums", 16);
                pools.put("producerProcessorThreadPoolNums", 16);
                pools.put("consumerProcessorThreadPoolNums", 16);
                pools.put("grpcTransactionThreadPoolNums", 8);
                pools.put("grpcRouteThreadPoolNums", 4);
                pools.put("grpcClientManagerThreadPoolNums", 4);
                pools.put("topicRouteServiceThreadPoolNums", 4);
                pools.put("channelExpiredTimeout", 30_000);
                Path config = RocketMqServer.writeProxyConfig(home, "CLUSTER",
                        props.getProperty("clusterName", "DefaultCluster"), RocketMqServer.required(props, "namesrvAddr"),
                        RocketMqServer.intProp(props, "proxyGrpcPort"), RocketMqServer.intProp(props, "proxyRemotingPort"),
                        pools);
                // Exits the JVM with status 1 itself when it cannot start.
                ProxyStartup.main(new String[] {"-pc", config.toString(), "-pm", "cluster"});
            }
            default -> {
                System.err.println("unknown role " + args[0]);
                System.exit(2);
            }
        }
        System.out.println("READY " + args[0]);
        System.out.flush();
        new CountDownLatch(1).await(); // serve until the process is stopped
    }
}
