package io.txorders.points.points;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.inbox.ConsumeOutcome;
import java.math.RoundingMode;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Loyalty points: {@code floor(totalAmount)} points when an order is paid, at most once per order — the inbox
 * stops a redelivered event, and {@code UNIQUE(order_no, reason)} in the ledger stops even a different event
 * about the same order.
 */
@Service
public class PointsService {

    /** Ledger reason of the award for a paid order. */
    public static final String ORDER_PAID = "ORDER_PAID";

    private static final Logger log = LoggerFactory.getLogger(PointsService.class);

    private final PointsRepository points;
    private final MeterRegistry meters;
    private final Clock clock;

    public PointsService(PointsRepository points, MeterRegistry meters, Clock clock) {
        this.points = points;
        this.meters = meters;
        this.clock = clock;
        meters.counter("txorders.points.awarded"); // at 0 from the start, as every counter an alert may watch
    }

    /** Runs inside the consumer's inbox transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public ConsumeOutcome award(OrderPaid event) {
        long award = event.totalAmount().setScale(0, RoundingMode.FLOOR).longValueExact();
        try {
            points.addEntry(event.userId(), event.orderNo(), award, ORDER_PAID, event.eventId(), clock.instant());
        } catch (DuplicateKeyException alreadyAwarded) {
            log.info("points already awarded for this order orderNo={} eventId={}", event.orderNo(), event.eventId());
            return ConsumeOutcome.REJECTED;
        }
        points.addToBalance(event.userId(), award, clock.instant());
        // Counted once committed: an award rolled back (its commit failed) and then redelivered is one award.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                meters.counter("txorders.points.awarded").increment(award);
            }
        });
        log.info("points awarded userId={} points={} orderNo={} eventId={}", event.userId(), award, event.orderNo(),
                event.eventId());
        return ConsumeOutcome.APPLIED;
    }

    /** A user's balance (0 for a user never seen) and latest entries. */
    @Transactional(readOnly = true)
    public PointsBalance balance(long userId) {
        return new PointsBalance(userId, points.balance(userId), points.entries(userId, 100));
    }
}
