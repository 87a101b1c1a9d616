package io.txorders.order.messaging;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderTimeout;
import io.txorders.messaging.contract.Topic;
import io.txorders.order.order.OrderTimeouts;
import java.time.Clock;
import java.time.Instant;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** OrderTimeout as a DELAY message on {@code order-timeouts}, delivered no earlier than the deadline. */
@Component
class RocketMqOrderTimeouts implements OrderTimeouts {

    private static final Logger log = LoggerFactory.getLogger(RocketMqOrderTimeouts.class);

    private final Producer producer;
    private final ClientServiceProvider provider;
    private final Clock clock;
    private final EventCodec codec = new EventCodec();

    RocketMqOrderTimeouts(Producer producer, ClientServiceProvider provider, Clock clock) {
        this.producer = producer;
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * Sent asynchronously: the request that placed the order does not wait for this third round trip to the
     * broker. A send that fails is logged; the sweeper cancels the order if it stays unpaid past its deadline.
     */
    @Override
    public void schedule(String orderNo, Instant deadline) {
        OrderTimeout event = new OrderTimeout(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(), orderNo);
        try {
            producer.sendAsync(provider.newMessageBuilder()
                            .setTopic(Topic.ORDER_TIMEOUTS.topicName())
                            .setTag(event.type().tag())
                            .setKeys(event.eventId().toString(), orderNo)
                            .setDeliveryTimestamp(deadline.toEpochMilli())
                            .setBody(codec.encode(event))
                            .build())
                    .whenComplete((receipt, failure) -> {
                        if (failure != null) {
                            notSent(orderNo, deadline, failure);
                        }
                    });
        } catch (RuntimeException e) {
            notSent(orderNo, deadline, e);
        }
    }

    private static void notSent(String orderNo, Instant deadline, Throwable failure) {
        log.warn("timeout message not sent orderNo={} deadline={}; the sweeper will cancel it if unpaid: {}",
                orderNo, deadline, failure.toString());
    }
}
