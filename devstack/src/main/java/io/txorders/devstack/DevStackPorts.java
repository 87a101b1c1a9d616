package io.txorders.devstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback ports of a stack.
 *
 * @param database MariaDB
 * @param namesrv RocketMQ NameServer (what {@code mqadmin -n} talks to)
 * @param broker RocketMQ broker remoting; the broker also binds {@code broker - 2}
 * @param brokerHa RocketMQ broker HA (replication) listener
 * @param proxyGrpc RocketMQ proxy gRPC: the endpoint of rocketmq-client-java
 * @param proxyRemoting RocketMQ proxy remoting protocol
 */
public record DevStackPorts(int database, int namesrv, int broker, int brokerHa, int proxyGrpc, int proxyRemoting) {

    /** RocketMQ's usual ports, so standard tools work against the local platform; MariaDB on 3316. */
    public static DevStackPorts standard() {
        return new DevStackPorts(3316, 9876, 10911, 10912, 8081, 8080);
    }

    /** Ports free right now, for tests that must not collide with a running platform or each other. */
    public static DevStackPorts free() {
        return new DevStackPorts(FreePorts.any(), FreePorts.any(), FreePorts.brokerPort(), FreePorts.any(),
                FreePorts.any(), FreePorts.any());
    }

    /** Names of the ports that are taken, so a start can fail with a message that says which. */
    List<String> busy() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("database", database);
        ports.put("namesrv", namesrv);
        ports.put("broker", broker);
        ports.put("broker fast remoting", broker - 2);
        ports.put("broker HA", brokerHa);
        ports.put("proxy gRPC", proxyGrpc);
        ports.put("proxy remoting", proxyRemoting);
        List<String> busy = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (!FreePorts.isFree(port)) {
                busy.add(name + " " + port);
            }
        });
        return busy;
    }
}
