package io.txorders.order.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The active {@link FaultMode}. Starts from {@code order.fault.mode} (default NONE); the simulation tools
 * and tests may switch it at run time. Every switch to a fault is logged at WARN.
 */
@Component
public class FaultInjection {

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

    Duration slowLocalTx() {
        return slowLocalTx;
    }
}
