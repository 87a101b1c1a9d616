package io.txorders.order.messaging;

import io.txorders.messaging.contract.Event;
import io.txorders.messaging.publish.CheckBackAnswer;
import io.txorders.messaging.publish.PublishFaults;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The active {@link FaultMode}, applied to the starter's transactional publish through its {@link PublishFaults}
 * hooks. Starts from {@code order.fault.mode} (default NONE); the simulation tools and tests may switch it at run
 * time. Every switch to a fault, and every fault it causes, is logged at WARN.
 */
@Component
public class FaultInjection implements PublishFaults {

    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    private final AtomicReference<FaultMode> mode = new AtomicReference<>(FaultMode.NONE);
    private final Duration slowLocalTx;

    /**
     * @param mode the fault to simulate from start-up
     * @param slowLocalTx how long SLOW_LOCAL_TX holds the local transaction open
     * @param switchable whether the admin API may switch the mode at run time (simulation stacks only)
     */
    @ConfigurationProperties("order.fault")
    record Settings(@DefaultValue("NONE") FaultMode mode, @DefaultValue("10s") Duration slowLocalTx,
                    @DefaultValue("false") boolean switchable) {
    }

    private final boolean switchable;

    FaultInjection(Settings settings) {
        this.slowLocalTx = settings.slowLocalTx();
        this.switchable = settings.switchable();
        set(settings.mode());
    }

    /** Whether {@code PUT /admin/fault-mode} may switch the mode ({@code order.fault.switchable}, default off). */
    public boolean switchable() {
        return switchable;
    }

    public FaultMode mode() {
        return mode.get();
    }

    /** Switches the simulated fault; NONE turns fault injection off. */
    public void set(FaultMode newMode) {
        FaultMode previous = mode.getAndSet(newMode);
        if (newMode != FaultMode.NONE) {
            log.warn("!!! FAULT INJECTION ACTIVE mode={} slowLocalTx={} — transactional publishes will misbehave on "
                    + "purpose; never use this in production !!!", newMode, slowLocalTx);
        } else if (previous != FaultMode.NONE) {
            log.warn("fault injection off (was {})", previous);
        }
    }

    @Override
    public void afterHalfMessage(Event event) {
        if (mode() == FaultMode.HALT_BEFORE_LOCAL_TX) {
            warn(FaultMode.HALT_BEFORE_LOCAL_TX, "half message sent, local transaction never runs", event);
            throw new SimulatedCrashException("simulated crash after the half message of " + event.eventId());
        }
    }

    @Override
    public void insideLocalTransaction(Event event) {
        FaultMode fault = mode();
        if (fault == FaultMode.SLOW_LOCAL_TX) {
            warn(fault, "holding the local transaction open for " + slowLocalTx, event);
            try {
                TimeUnit.MILLISECONDS.sleep(slowLocalTx.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SimulatedCrashException("interrupted while simulating a slow local transaction");
            }
        } else if (fault == FaultMode.SKIP_END_AFTER_ROLLBACK) {
            throw new SimulatedCrashException("simulated failure of the local transaction of " + event.eventId());
        }
    }

    @Override
    public boolean sendEnd(Event event, boolean committed) {
        FaultMode fault = mode();
        if (committed && (fault == FaultMode.SKIP_END_AFTER_COMMIT || fault == FaultMode.SKIP_END_AND_ANSWER_UNKNOWN)) {
            warn(fault, "local transaction committed, commit not sent", event);
            return false;
        }
        if (!committed && fault == FaultMode.SKIP_END_AFTER_ROLLBACK) {
            warn(fault, "local transaction rolled back, rollback not sent", event);
            return false;
        }
        return true;
    }

    @Override
    public Optional<CheckBackAnswer> checkBackAnswer(UUID eventId, String orderNo) {
        if (mode() != FaultMode.SKIP_END_AND_ANSWER_UNKNOWN) {
            return Optional.empty();
        }
        log.warn("FAULT {}: check-back answers UNKNOWN without reading tx_state eventId={} orderNo={}",
                FaultMode.SKIP_END_AND_ANSWER_UNKNOWN, eventId, orderNo);
        return Optional.of(CheckBackAnswer.UNKNOWN);
    }

    private static void warn(FaultMode fault, String what, Event event) {
        log.warn("FAULT {}: {} eventId={} orderNo={}", fault, what, event.eventId(), event.orderNo());
    }
}
