package io.txorders.messaging.inbox;

import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.UnreadableEventException;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a dead letter back through its consumer group's normal consumer path (the group's
 * {@link IdempotentConsumer} and handler), so the inbox still guards against a double effect: an event that
 * was applied after all is skipped as a duplicate.
 *
 * <p>Failure semantics: an unknown id or group is {@link Outcome#NOT_FOUND}; a body that cannot be read is
 * {@link Outcome#UNREADABLE} and stays NEW (resubmitting cannot help; it needs a human); a consumer that
 * still fails leaves it NEW ({@link Outcome#STILL_FAILING}); only an acknowledged message marks it RESUBMITTED.
 */
public class DeadLetterResubmission {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterResubmission.class);

    /** What a resubmission did. */
    public enum Outcome { RESUBMITTED, ALREADY_RESUBMITTED, NOT_FOUND, UNREADABLE, STILL_FAILING }

    private final DeadLetters deadLetters;
    private final Map<String, Predicate<InboundMessage>> consumersByGroup;
    private final EventCodec codec = new EventCodec();

    /**
     * @param consumersByGroup per consumer group, the function its listener calls for a message; answers
     *                         whether the message was acknowledged
     */
    public DeadLetterResubmission(DeadLetters deadLetters, Map<String, Predicate<InboundMessage>> consumersByGroup) {
        this.deadLetters = deadLetters;
        this.consumersByGroup = Map.copyOf(consumersByGroup);
    }

    public Outcome resubmit(long id) {
        DeadLetters.DeadLetter letter = deadLetters.find(id).orElse(null);
        if (letter == null || !consumersByGroup.containsKey(letter.group())) {
            return Outcome.NOT_FOUND;
        }
        if (!"NEW".equals(letter.status())) {
            return Outcome.ALREADY_RESUBMITTED;
        }
        try {
            codec.decode(letter.body());
        } catch (UnreadableEventException e) {
            return Outcome.UNREADABLE;
        }
        InboundMessage message = letter.toInbound();
        boolean acknowledged = consumersByGroup.get(letter.group()).test(message);
        if (!acknowledged) {
            log.warn("dead letter resubmitted but still failing id={} group={} orderNo={} eventId={} messageId={}", id,
                    letter.group(), message.orderNoKey(), message.eventIdKey(), letter.messageId());
            return Outcome.STILL_FAILING;
        }
        log.info("dead letter resubmitted id={} group={} orderNo={} eventId={} messageId={}", id, letter.group(),
                message.orderNoKey(), message.eventIdKey(), letter.messageId());
        return deadLetters.markResubmitted(id) ? Outcome.RESUBMITTED : Outcome.ALREADY_RESUBMITTED;
    }
}
