package io.txorders.lab.bench;

import io.txorders.cli.replay.ConsumeOffsets;
import io.txorders.devstack.RocketMqAdmin;
import java.time.Instant;
import java.util.Map;

/**
 * The CLI's replay over devstack's {@link RocketMqAdmin}: its admin client lives in an isolated class loader, so it
 * can share this JVM with the benchmark's rocketmq-client-java, which the CLI's own admin client cannot.
 */
final class IsolatedConsumeOffsets implements ConsumeOffsets {

    private final RocketMqAdmin admin;

    IsolatedConsumeOffsets(RocketMqAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Map<String, Long> resetOffsetByTime(String topic, String group, Instant at) {
        return admin.resetOffsetByTime(topic, group, at);
    }

    @Override
    public Lag lag(String topic, String group) {
        RocketMqAdmin.Lag lag = admin.lag(topic, group);
        return new Lag(lag.notConsumed(), lag.inFlight());
    }

    @Override
    public long countBetween(String topic, Instant from, Instant to) {
        return admin.countBetween(topic, from, to);
    }

    @Override
    public void close() {
        admin.close();
    }
}
