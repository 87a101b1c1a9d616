package io.txorders.cli.replay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * {@link ConsumeOffsets} over RocketMQ's admin client (the remoting protocol, as {@code mqadmin} uses it), against
 * any RocketMQ 5 name server. Every failure is an {@link IllegalStateException} naming the operation.
 */
public final class RemotingConsumeOffsets implements ConsumeOffsets {

    private final DefaultMQAdminExt admin;

    private RemotingConsumeOffsets(DefaultMQAdminExt admin) {
        this.admin = admin;
    }

    /**
     * @param namesrvAddr {@code host:port} of the name server
     * @throws IllegalStateException if the admin client does not start
     */
    public static RemotingConsumeOffsets connect(String namesrvAddr) {
        DefaultMQAdminExt admin = new DefaultMQAdminExt(10_000);
        admin.setNamesrvAddr(namesrvAddr);
        admin.setInstanceName("txorders-cli-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            admin.start();
        } catch (Exception e) {
            throw new IllegalStateException("RocketMQ admin client did not start: " + e, e);
        }
        return new RemotingConsumeOffsets(admin);
    }

    @Override
    public Map<String, Long> resetOffsetByTime(String topic, String group, Instant at) {
        Map<String, Long> byQueue = new LinkedHashMap<>();
        call("resetOffsetByTime", () -> admin.resetOffsetByTimestamp(null, topic, group, at.toEpochMilli(), true, false))
                .forEach((queue, offset) -> byQueue.put(queue.getBrokerName() + "/" + queue.getQueueId(), offset));
        return byQueue;
    }

    @Override
    public Lag lag(String topic, String group) {
        ConsumeStats stats = call("lag", () -> admin.examineConsumeStats(group, topic));
        return new Lag(stats.computeTotalDiff(), stats.computeInflightTotalDiff());
    }

    @Override
    public long countBetween(String topic, Instant from, Instant to) {
        return call("countBetween", () -> {
            long stored = 0;
            for (MessageQueue queue : admin.examineTopicStats(topic).getOffsetTable().keySet()) {
                stored += Math.max(0, admin.searchOffset(queue, to.toEpochMilli())
                        - admin.searchOffset(queue, from.toEpochMilli()));
            }
            return stored;
        });
    }

    @Override
    public Map<String, QueueOffsets> offsets(String topic, String group) {
        Map<String, QueueOffsets> byQueue = new LinkedHashMap<>();
        call("offsets", () -> admin.examineConsumeStats(group, topic)).getOffsetTable().forEach((queue, offsets) ->
                byQueue.put(queue.getBrokerName() + "/" + queue.getQueueId(),
                        new QueueOffsets(Math.max(0, offsets.getConsumerOffset()), offsets.getBrokerOffset())));
        return byQueue;
    }

    @Override
    public Map<String, Long> offsetsAt(String topic, Instant at) {
        return call("offsetsAt", () -> {
            Map<String, Long> byQueue = new LinkedHashMap<>();
            for (MessageQueue queue : admin.examineTopicStats(topic).getOffsetTable().keySet()) {
                byQueue.put(queue.getBrokerName() + "/" + queue.getQueueId(), admin.searchOffset(queue, at.toEpochMilli()));
            }
            return byQueue;
        });
    }

    @Override
    public void close() {
        admin.shutdown();
    }

    private interface AdminCall<T> {
        T call() throws Exception;
    }

    private static <T> T call(String name, AdminCall<T> operation) {
        try {
            return operation.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("RocketMQ admin " + name + " interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("RocketMQ admin " + name + " failed: " + e, e);
        }
    }
}
