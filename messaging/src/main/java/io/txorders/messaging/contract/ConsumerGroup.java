package io.txorders.messaging.contract;

import java.util.List;

/**
 * The consumer groups of the platform and what each subscribes to. RocketMQ 5 gRPC consumers fail with
 * "group not found" unless their group exists, so the stack creates these up front.
 */
public enum ConsumerGroup {
    /** inventory-consumer: reserves, confirms and releases stock. */
    INVENTORY("inventory-consumer", List.of(Topic.ORDER_EVENTS)),
    /** points-consumer: awards points on payment. */
    POINTS("points-consumer", List.of(Topic.ORDER_EVENTS)),
    /**
     * order-producer: reservation outcomes from inventory. Until 2026-12 it also consumed order-timeouts; a retried or
     * dead-lettered OrderTimeout of that time may still reach it (its handler takes every event type).
     */
    ORDER("order-producer", List.of(Topic.INVENTORY_EVENTS)),
    /**
     * order-producer: its own payment deadlines, in a group of their own so that the reservation outcomes can be
     * received in batches (a simple consumer on two topics alternates them per receive and would long-poll the idle
     * one). Upgrading copies the old group's offsets on order-timeouts to it (README, "Timeouts"); without that, a
     * deadline the new group never receives is still caught by the timeout sweeper.
     */
    ORDER_TIMEOUTS("order-producer-timeouts", List.of(Topic.ORDER_TIMEOUTS)),
    /** order-producer's webhook notifier: turns order events into notification tasks for subscribed partners. */
    WEBHOOKS("order-webhooks", List.of(Topic.ORDER_EVENTS));

    /**
     * Redeliveries allowed to a dead-letter capture group. Must exceed every consumer group's own: a dead letter
     * keeps its reconsume count, and the proxy moves a message whose count reached the group's maximum to that
     * group's DLQ on receipt, before any listener sees it.
     */
    public static final int DEAD_LETTER_CAPTURE_RETRY_MAX_TIMES = 100;

    private final String groupName;
    private final List<Topic> topics;

    ConsumerGroup(String groupName, List<Topic> topics) {
        this.groupName = groupName;
        this.topics = topics;
    }

    /** The RocketMQ consumer group name. */
    public String groupName() {
        return groupName;
    }

    /** The group's dead-letter topic, where the broker moves a message after its last redelivery. */
    public String deadLetterTopic() {
        return "%DLQ%" + groupName;
    }

    /** The consumer group that reads {@link #deadLetterTopic()} to record dead letters in the service's table. */
    public String deadLetterCaptureGroup() {
        return groupName + "-dlq";
    }

    /** The group whose RocketMQ name is {@code name}. */
    public static java.util.Optional<ConsumerGroup> byName(String name) {
        return java.util.Arrays.stream(values()).filter(group -> group.groupName.equals(name)).findFirst();
    }

    /** The topics this group consumes. */
    public List<Topic> topics() {
        return topics;
    }
}
