package io.txorders.messaging.rocketmq;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.publish.CheckBackAnswer;
import io.txorders.messaging.publish.PublishFaults;
import io.txorders.messaging.publish.TransactionStateCheck;
import java.util.Optional;
import java.util.UUID;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.TransactionChecker;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the broker's check-back on a half message whose commit or rollback never arrived, from
 * {@code tx_state} through {@link TransactionStateCheck}. Counted as {@code txorders.checkback{answer}}.
 */
public class TransactionStateChecker implements TransactionChecker {

    private static final Logger log = LoggerFactory.getLogger(TransactionStateChecker.class);

    private final TransactionStateCheck check;
    private final PublishFaults faults;
    private final MeterRegistry meters;

    public TransactionStateChecker(TransactionStateCheck check, PublishFaults faults, MeterRegistry meters) {
        this.check = check;
        this.faults = faults;
        this.meters = meters;
        // At 0 from the start: a series that first appears at 1 has no increase an alert could see.
        for (CheckBackAnswer answer : CheckBackAnswer.values()) {
            meters.counter("txorders.checkback", "answer", answer.name());
        }
    }

    @Override
    public TransactionResolution check(MessageView message) {
        Optional<UUID> eventId = eventIdOf(message);
        String orderNo = orderNoOf(message, eventId);
        String eventType = message.getTag().orElse(null);
        CheckBackAnswer answer;
        if (eventId.isEmpty()) {
            log.error("check-back on a message without an event id key messageId={} keys={}; answering UNKNOWN",
                    message.getMessageId(), message.getKeys());
            answer = CheckBackAnswer.UNKNOWN;
        } else {
            answer = faults.checkBackAnswer(eventId.get(), orderNo)
                    .orElseGet(() -> check.answer(eventId.get(), orderNo, eventType));
        }
        meters.counter("txorders.checkback", "answer", answer.name()).increment();
        log.info("check-back answered {} eventId={} orderNo={} type={} messageId={}", answer,
                eventId.map(UUID::toString).orElse("?"), orderNo, eventType, message.getMessageId());
        return switch (answer) {
            case COMMIT -> TransactionResolution.COMMIT;
            case ROLLBACK -> TransactionResolution.ROLLBACK;
            case UNKNOWN -> TransactionResolution.UNKNOWN;
        };
    }

    /** The event id is the message key that is a UUID, the other being the order number ({@link EventIds#amongKeys}). */
    public static Optional<UUID> eventIdOf(MessageView message) {
        return EventIds.amongKeys(message.getKeys());
    }

    private static String orderNoOf(MessageView message, Optional<UUID> eventId) {
        String eventKey = eventId.map(UUID::toString).orElse(null);
        return message.getKeys().stream().filter(k -> !k.equals(eventKey)).findFirst().orElse(null);
    }
}
