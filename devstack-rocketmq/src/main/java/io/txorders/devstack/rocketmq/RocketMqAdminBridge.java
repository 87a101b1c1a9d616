package io.txorders.devstack.rocketmq;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * The few RocketMQ admin operations the operations tools need (offset reset, lag, message counts), behind
 * JDK types only so that a caller in another class loader can use them by reflection (devstack's
 * {@code RocketMqAdmin}). Works against any RocketMQ 5 name server, embedded or external.
 */
public final class RocketMqAdminBridge implements AutoCloseable {

    private final DefaultMQAdminExt admin;

    public RocketMqAdminBridge(String namesrvAddr) throws Exception {
        admin = new DefaultMQAdminExt(10_000);
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("txorders-ops-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        admin.start();
    }

    /**
     * Resets the group's consume offsets of a topic, on every broker of the topic, to the first message
     * stored at or after {@code timestampMs}. RocketMQ 5 brokers apply it on the server side
     * ({@code useServerSideResetOffset}, default on), which is what pop-based (gRPC) consumers read.
     *
     * @return the new offset per queue, keyed {@code brokerName/queueId}
     */
    public Map<String, Long> resetOffsetByTime(String topic, String group, long timestampMs) throws Exception {
        Map<MessageQueue, Long> offsets = admin.resetOffsetByTimestamp(null, topic, group, timestampMs, true, false);
        Map<String, Long> result = new LinkedHashMap<>();
        offsets.forEach((queue, offset) -> result.put(queue.getBrokerName() + "/" + queue.getQueueId(), offset));
        return result;
    }

    /**
     * @return {@code [messages not yet consumed, messages received but not yet acknowledged]} of the group on
     *         the topic, summed over its queues
     */
    public long[] lag(String topic, String group) throws Exception {
        ConsumeStats stats = admin.examineConsumeStats(group, topic);
        return new long[] {stats.computeTotalDiff(), stats.computeInflightTotalDiff()};
    }

    /** @return how many messages of the topic were stored in {@code [fromMs, toMs)}, summed over its queues */
    public long countBetween(String topic, long fromMs, long toMs) throws Exception {
        TopicStatsTable stats = admin.examineTopicStats(topic);
        long count = 0;
        for (MessageQueue queue : stats.getOffsetTable().keySet()) {
            count += Math.max(0, admin.searchOffset(queue, toMs) - admin.searchOffset(queue, fromMs));
        }
        return count;
    }

    /**
     * Creates (or updates) a topic with its message type on every master broker of the cluster.
     *
     * @param type {@code NORMAL}, {@code TRANSACTION}, {@code DELAY} or {@code FIFO}
     */
    public void createTopic(String topic, String type, int queues) throws Exception {
        for (String master : masters()) {
            org.apache.rocketmq.common.TopicConfig config = new org.apache.rocketmq.common.TopicConfig(topic, queues,
                    queues, org.apache.rocketmq.common.constant.PermName.PERM_READ
                    | org.apache.rocketmq.common.constant.PermName.PERM_WRITE);
            config.setAttributes(Map.of("+message.type", type));
            admin.createAndUpdateTopicConfig(master, config);
        }
    }

    /** Creates (or updates) a consumer group with its redelivery limit on every master broker. */
    public void createGroup(String group, int retryMaxTimes) throws Exception {
        for (String master : masters()) {
            org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig config =
                    new org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig();
            config.setGroupName(group);
            config.setRetryMaxTimes(retryMaxTimes);
            admin.createAndUpdateSubscriptionGroupConfig(master, config);
        }
    }

    /** @return the names of the brokers that hold writable queues of the topic, per its route at the name server */
    public java.util.List<String> brokersOfTopic(String topic) throws Exception {
        return TopicRoutes.writableBrokers(admin, topic);
    }

    /**
     * Waits until the name server routes every topic to writable queues and, when {@code proxyEndpoint}
     * ({@code host:port}) is given, the proxy answers a route query for each (see {@link TopicRoutes}).
     *
     * @throws IllegalStateException naming what is still missing after {@code timeoutMs}
     */
    public void awaitRoutes(java.util.List<String> topics, String proxyEndpoint, long timeoutMs) throws Exception {
        String host = null;
        int port = 0;
        if (proxyEndpoint != null) {
            int colon = proxyEndpoint.lastIndexOf(':');
            host = proxyEndpoint.substring(0, colon);
            port = Integer.parseInt(proxyEndpoint.substring(colon + 1));
        }
        TopicRoutes.await(admin, topics, host, port, java.time.Duration.ofMillis(timeoutMs));
    }

    /** @return how many master brokers the name server knows */
    public int masterBrokerCount() throws Exception {
        return masters().size();
    }

    private java.util.List<String> masters() throws Exception {
        java.util.List<String> masters = new java.util.ArrayList<>();
        org.apache.rocketmq.remoting.protocol.body.ClusterInfo cluster = admin.examineBrokerClusterInfo();
        for (org.apache.rocketmq.remoting.protocol.route.BrokerData broker : cluster.getBrokerAddrTable().values()) {
            String master = broker.getBrokerAddrs().get(0L);
            if (master != null) {
                masters.add(master);
            }
        }
        return masters;
    }

    /**
     * Lets the consumer group consume, or stops it, on every master broker ({@code consumeEnable} of its
     * subscription group, as {@code mqadmin updateSubGroup -s false} does). Messages keep arriving and wait.
     */
    public void setConsumeEnabled(String group, boolean enabled) throws Exception {
        for (String master : masters()) {
            org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig config =
                    admin.examineSubscriptionGroupConfig(master, group);
            config.setConsumeEnable(enabled);
            admin.createAndUpdateSubscriptionGroupConfig(master, config);
        }
    }

    @Override
    public void close() {
        admin.shutdown();
    }
}
