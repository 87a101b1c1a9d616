package io.txorders.inventory.reservation;

import io.txorders.messaging.outbox.Outbox;
import io.txorders.inventory.stock.StockRepository;
import io.txorders.messaging.contract.Event;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.OrderCancelled;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.OrderPaid;
import io.txorders.messaging.contract.StockRejected;
import io.txorders.messaging.contract.StockReserved;
import io.txorders.messaging.inbox.ConsumeOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reservation ledger (design §4): Try on OrderCreated, Confirm on OrderPaid, Cancel on OrderCancelled.
 * Each method runs inside the consumer's inbox transaction, so the stock change, the ledger entry and the
 * outbox answer commit together with the inbox row, or not at all.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class ReservationService {

    private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

    private final ReservationRepository reservations;
    private final StockRepository stock;
    private final Outbox outbox;
    private final TransactionTemplate savepoint;
    private final Clock clock;

    public ReservationService(ReservationRepository reservations, StockRepository stock, Outbox outbox,
                              PlatformTransactionManager transactionManager, Clock clock) {
        this.reservations = reservations;
        this.stock = stock;
        this.outbox = outbox;
        this.savepoint = new TransactionTemplate(transactionManager);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * Try: reserves every item of the order or none, one conditional UPDATE per SKU (in SKU order, so two
     * orders never lock the same rows in opposite order), and answers StockReserved or StockRejected through
     * the outbox. Refused without an answer when the order was already cancelled (anti-suspension).
     */
    public ConsumeOutcome reserve(OrderCreated event) {
        Optional<Reservation> existing = reservations.findForUpdate(event.orderNo());
        if (existing.isPresent()) {
            log.info("reservation refused, order already has a ledger entry status={} orderNo={} eventId={}",
                    existing.get().status(), event.orderNo(), event.eventId());
            return ConsumeOutcome.REJECTED;
        }
        Map<String, Integer> wanted = quantitiesBySku(event.items());
        RejectReason reason = savepoint.execute(status -> {
            for (Map.Entry<String, Integer> line : wanted.entrySet()) {
                if (!stock.tryReserve(line.getKey(), line.getValue())) {
                    // Undo the SKUs reserved so far: back to the savepoint, the outer transaction goes on.
                    status.setRollbackOnly();
                    return stock.exists(line.getKey()) ? RejectReason.OUT_OF_STOCK : RejectReason.UNKNOWN_SKU;
                }
            }
            return null;
        });
        if (reason == null) {
            reservations.insert(new Reservation(event.orderNo(), ReservationStatus.RESERVED, null, wanted));
            outbox.append(new StockReserved(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(), event.orderNo()));
            log.info("stock reserved orderNo={} eventId={} skus={}", event.orderNo(), event.eventId(), wanted.keySet());
            return ConsumeOutcome.APPLIED;
        }
        reservations.insert(new Reservation(event.orderNo(), ReservationStatus.REJECTED, reason, Map.of()));
        outbox.append(new StockRejected(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(), event.orderNo(),
                reason.name()));
        log.info("stock rejected orderNo={} eventId={} reason={}", event.orderNo(), event.eventId(), reason);
        return ConsumeOutcome.REJECTED;
    }

    /**
     * Try for a batch of orders in the caller's one transaction (the batched consumer): orders that already have a
     * ledger entry are refused as in {@link #reserve}; the rest are decided in arrival order against the stock
     * rows read under lock ({@link StockAllocation}: all items of an order or none), what was granted is taken
     * with one conditional UPDATE per SKU, and every order gets its ledger entry and its outbox answer. The
     * outcome is the same as reserving the orders one after another.
     *
     * @return the outcome per event id
     * @throws IllegalStateException if a summed update does not apply (the rows were locked: a bug, roll back)
     */
    public Map<UUID, ConsumeOutcome> reserveAll(List<OrderCreated> events) {
        Map<UUID, ConsumeOutcome> outcomes = new HashMap<>();
        Map<String, ReservationStatus> existing = reservations.lockExisting(
                events.stream().map(OrderCreated::orderNo).toList());
        List<OrderCreated> toDecide = new ArrayList<>();
        Set<String> orderNos = new HashSet<>(existing.keySet());
        for (OrderCreated event : events) {
            if (!orderNos.add(event.orderNo())) {
                // A ledger entry exists, or an earlier event of this batch is for the same order.
                log.info("reservation refused, order already has a ledger entry orderNo={} eventId={}",
                        event.orderNo(), event.eventId());
                outcomes.put(event.eventId(), ConsumeOutcome.REJECTED);
            } else {
                toDecide.add(event);
            }
        }
        List<StockAllocation.Request> requests = toDecide.stream()
                .map(e -> new StockAllocation.Request(e.orderNo(), quantitiesBySku(e.items()))).toList();
        Set<String> skus = new TreeSet<>();
        requests.forEach(r -> skus.addAll(r.wanted().keySet()));
        StockAllocation.Decision decision = StockAllocation.allocate(stock.lockAvailable(skus), requests);
        decision.takenBySku().forEach((sku, quantity) -> {
            if (!stock.tryReserve(sku, quantity)) {
                throw new IllegalStateException("summed reservation of " + quantity + " x " + sku
                        + " did not apply although the row was locked");
            }
        });
        // Every ledger entry in one statement and every answer in one more: per-order statements were most of a
        // batch's time, and the relay can send none of the answers before the batch commits.
        List<Reservation> entries = new ArrayList<>(toDecide.size());
        List<Event> answers = new ArrayList<>(toDecide.size());
        for (int i = 0; i < toDecide.size(); i++) {
            OrderCreated event = toDecide.get(i);
            StockAllocation.Request request = requests.get(i);
            if (decision.granted(event.orderNo())) {
                entries.add(new Reservation(event.orderNo(), ReservationStatus.RESERVED, null, request.wanted()));
                answers.add(new StockReserved(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(), event.orderNo()));
                outcomes.put(event.eventId(), ConsumeOutcome.APPLIED);
            } else {
                RejectReason reason = decision.rejected().get(event.orderNo());
                entries.add(new Reservation(event.orderNo(), ReservationStatus.REJECTED, reason, Map.of()));
                answers.add(new StockRejected(EventIds.newId(), Event.CURRENT_VERSION, clock.instant(),
                        event.orderNo(), reason.name()));
                outcomes.put(event.eventId(), ConsumeOutcome.REJECTED);
            }
        }
        reservations.insertAll(entries);
        outbox.appendAll(answers);
        return outcomes;
    }

    /** Confirm: a paid order's held items become sold. A no-op unless the reservation holds stock. */
    public ConsumeOutcome confirm(OrderPaid event) {
        Optional<Reservation> existing = reservations.findForUpdate(event.orderNo());
        if (existing.isEmpty() || !existing.get().holdsStock()) {
            log.warn("confirm ignored, nothing reserved orderNo={} eventId={} status={}", event.orderNo(),
                    event.eventId(), existing.map(r -> r.status().name()).orElse("none"));
            return ConsumeOutcome.REJECTED;
        }
        Reservation reservation = existing.get();
        reservation.lines().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(line -> {
            if (!stock.confirm(line.getKey(), line.getValue())) {
                throw new IllegalStateException("reserved stock of " + line.getKey() + " is below the reservation of "
                        + event.orderNo() + "; the ledger and the stock disagree");
            }
        });
        reservations.updateStatus(event.orderNo(), ReservationStatus.CONFIRMED);
        log.info("reservation confirmed orderNo={} eventId={}", event.orderNo(), event.eventId());
        return ConsumeOutcome.APPLIED;
    }

    /**
     * Cancel: held items go back to available. When nothing was reserved yet, a RELEASED marker is written so a
     * late Try is refused (null compensation + anti-suspension).
     */
    public ConsumeOutcome release(OrderCancelled event) {
        Optional<Reservation> existing = reservations.findForUpdate(event.orderNo());
        if (existing.isEmpty()) {
            reservations.insert(new Reservation(event.orderNo(), ReservationStatus.RELEASED, null, Map.of()));
            log.info("cancel before reserve: release marker written orderNo={} eventId={}", event.orderNo(),
                    event.eventId());
            return ConsumeOutcome.APPLIED;
        }
        Reservation reservation = existing.get();
        if (!reservation.holdsStock()) {
            log.info("release ignored status={} orderNo={} eventId={}", reservation.status(), event.orderNo(),
                    event.eventId());
            return ConsumeOutcome.REJECTED;
        }
        reservation.lines().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(line -> {
            if (!stock.release(line.getKey(), line.getValue())) {
                throw new IllegalStateException("reserved stock of " + line.getKey() + " is below the reservation of "
                        + event.orderNo() + "; the ledger and the stock disagree");
            }
        });
        reservations.updateStatus(event.orderNo(), ReservationStatus.RELEASED);
        log.info("reservation released orderNo={} eventId={} reason={}", event.orderNo(), event.eventId(),
                event.reason());
        return ConsumeOutcome.APPLIED;
    }

    /** Lines of the same SKU summed, in SKU order. */
    static Map<String, Integer> quantitiesBySku(List<OrderLine> items) {
        Map<String, Integer> bySku = new TreeMap<>();
        items.forEach(line -> bySku.merge(line.sku(), line.quantity(), Integer::sum));
        return bySku;
    }
}
