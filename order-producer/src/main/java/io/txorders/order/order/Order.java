package io.txorders.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An order and the rules of its life cycle (design §2). Every state change goes through a method here;
 * an illegal one throws {@link IllegalOrderTransitionException} (a 409 at the HTTP edge, an acknowledged
 * no-op on the message side).
 *
 * <p>{@code version} is the optimistic lock: a change is stored only if nobody stored another one since
 * this instance was read, so two racing changes (pay vs. timeout) cannot both win.
 */
public final class Order {

    /**
     * Inventory reserved every item: PENDING → RESERVED, and nothing for an order in any other status (a late or
     * repeated event never moves an order backwards).
     */
    public static final StatusTransition RESERVATION = new StatusTransition(OrderStatus.PENDING, OrderStatus.RESERVED);

    private final String orderNo;
    private final long userId;
    private final List<OrderItem> items;
    private final BigDecimal totalAmount;
    private final Instant paymentDeadline;
    private final Instant createdAt;
    private final String idempotencyKey;
    private final String requestFingerprint;
    private final int version;
    private OrderStatus status;
    private CancelReason cancelReason;

    private Order(String orderNo, long userId, List<OrderItem> items, BigDecimal totalAmount, OrderStatus status,
                  CancelReason cancelReason, Instant paymentDeadline, Instant createdAt, String idempotencyKey,
                  String requestFingerprint, int version) {
        this.orderNo = Objects.requireNonNull(orderNo, "orderNo");
        this.userId = userId;
        this.items = List.copyOf(items);
        this.totalAmount = Objects.requireNonNull(totalAmount, "totalAmount");
        this.status = Objects.requireNonNull(status, "status");
        this.cancelReason = cancelReason;
        this.paymentDeadline = Objects.requireNonNull(paymentDeadline, "paymentDeadline");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.idempotencyKey = idempotencyKey;
        this.requestFingerprint = requestFingerprint;
        this.version = version;
    }

    /** A new PENDING order for a validated command. */
    public static Order place(String orderNo, PlaceOrder command, Instant now, Instant paymentDeadline) {
        return new Order(orderNo, command.userId(), command.items(), command.totalAmount(), OrderStatus.PENDING,
                null, paymentDeadline, now, command.idempotencyKey().orElse(null), command.fingerprint(), 0);
    }

    /** An order as stored. */
    public static Order restore(String orderNo, long userId, List<OrderItem> items, BigDecimal totalAmount,
                                OrderStatus status, CancelReason cancelReason, Instant paymentDeadline,
                                Instant createdAt, String idempotencyKey, String requestFingerprint, int version) {
        return new Order(orderNo, userId, items, totalAmount, status, cancelReason, paymentDeadline, createdAt,
                idempotencyKey, requestFingerprint, version);
    }

    /**
     * Inventory reserved every item: {@link #RESERVATION}.
     *
     * @return whether the order changed; {@code false} when it is already past PENDING (a late or repeated
     *         event never moves an order backwards)
     */
    public boolean markReserved() {
        if (!RESERVATION.appliesTo(status)) {
            return false;
        }
        status = RESERVATION.to();
        return true;
    }

    /**
     * Payment succeeded: RESERVED → PAID, before the payment deadline only.
     *
     * @param now the service's clock
     * @throws IllegalOrderTransitionException unless the order is RESERVED and its deadline has not passed (an
     *         order past its deadline is being cancelled by its timeout, however late that runs)
     */
    public void pay(Instant now) {
        if (status != OrderStatus.RESERVED) {
            throw new IllegalOrderTransitionException(orderNo, status, "pay");
        }
        requireBeforePaymentDeadline(now);
        status = OrderStatus.PAID;
    }

    /**
     * The payment deadline rule of {@link #pay}, to be applied again when the payment is written: sending its message
     * first may take seconds, and from the deadline on the order's timeout cancels it.
     *
     * @throws IllegalOrderTransitionException if the payment deadline is not after {@code now}
     */
    public void requireBeforePaymentDeadline(Instant now) {
        if (!now.isBefore(paymentDeadline)) {
            throw new IllegalOrderTransitionException(orderNo, OrderStatus.RESERVED, "pay (its payment deadline "
                    + paymentDeadline + " has passed)");
        }
    }

    /**
     * PENDING or RESERVED → CANCELLED for the given reason.
     *
     * @throws IllegalOrderTransitionException when the order is PAID or already CANCELLED
     */
    public void cancel(CancelReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (status != OrderStatus.PENDING && status != OrderStatus.RESERVED) {
            throw new IllegalOrderTransitionException(orderNo, status, "cancel");
        }
        status = OrderStatus.CANCELLED;
        cancelReason = reason;
    }

    /** Whether this order was placed for exactly this request (same user and items). */
    public boolean wasPlacedFor(PlaceOrder command) {
        return command.hasFingerprint(requestFingerprint);
    }

    public String orderNo() {
        return orderNo;
    }

    public long userId() {
        return userId;
    }

    public List<OrderItem> items() {
        return items;
    }

    public BigDecimal totalAmount() {
        return totalAmount;
    }

    public OrderStatus status() {
        return status;
    }

    public Optional<CancelReason> cancelReason() {
        return Optional.ofNullable(cancelReason);
    }

    public Instant paymentDeadline() {
        return paymentDeadline;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    public String requestFingerprint() {
        return requestFingerprint;
    }

    /** The version this instance was read at (0 for a new order). */
    public int version() {
        return version;
    }
}
