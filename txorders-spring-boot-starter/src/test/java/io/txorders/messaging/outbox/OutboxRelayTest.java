package io.txorders.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The relay thread is the instance's only sender of its outbox rows: it must not end on a failure, or on an interrupt
 * that is not a stop. It used to end on either, with {@code isRunning()} still true (so nothing restarted it) and
 * nothing in the application's log; the rows then waited for another instance, or forever.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayTest {

    private final OutboxRepository rows = mock(OutboxRepository.class);
    private final OutboxMessageSender sender = mock(OutboxMessageSender.class);
    private final OutboxProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
            "txorders.outbox.enabled", "true", "txorders.outbox.poll-interval", "20ms")))
            .bindOrCreate("txorders.outbox", OutboxProperties.class);
    private final OutboxRelay relay = new OutboxRelay(rows, sender, properties, new SimpleMeterRegistry(),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        relay.stop();
    }

    /** The outbox alerts watch these gauges: that they stopped moving must show in the log, once per outage. */
    @Test
    void aBacklogThatCannotBeReadIsAWarningOncePerOutage(CapturedOutput output) {
        when(rows.countPending()).thenThrow(new IllegalStateException("database down")).thenThrow(
                new IllegalStateException("database down")).thenReturn(3L);

        relay.refreshBacklog();
        relay.refreshBacklog();
        relay.refreshBacklog();

        assertThat(output.getOut().split("outbox backlog not refreshed", -1)).hasSize(2);
        assertThat(output).contains("WARN", "database down", "outbox backlog gauges refreshed again");
    }

    @Test
    void anErrorInARoundIsLoggedAndTheNextRoundClaimsAgain() {
        when(sender.ready()).thenReturn(true);
        when(rows.claim(anyString(), any(Instant.class), any(Instant.class), anyInt()))
                .thenThrow(new StackOverflowError("deep")).thenReturn(0);

        relay.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                verify(rows, atLeast(3)).claim(anyString(), any(Instant.class), any(Instant.class), anyInt()));
    }

    /**
     * A stop whose join gave up (the thread busy in a statement that ignores interrupts, past the lease) and a new
     * start: the old thread, once back, must end and not relay beside the new one, though running is true again.
     */
    @Test
    void aRelayThreadReplacedByARestartEndsOnceItIsBack() {
        OutboxRelay restarted = new OutboxRelay(rows, sender, new Binder(new MapConfigurationPropertySource(Map.of(
                "txorders.outbox.enabled", "true", "txorders.outbox.poll-interval", "20ms",
                "txorders.outbox.lease", "200ms"))).bindOrCreate("txorders.outbox", OutboxProperties.class),
                new SimpleMeterRegistry(), Clock.systemUTC());
        CountDownLatch statementReturns = new CountDownLatch(1);
        AtomicReference<Thread> first = new AtomicReference<>();
        when(sender.ready()).thenReturn(true);
        when(rows.claim(anyString(), any(Instant.class), any(Instant.class), anyInt())).thenAnswer(invocation -> {
            if (first.compareAndSet(null, Thread.currentThread())) {
                boolean interrupted = false;
                while (statementReturns.getCount() > 0) {
                    try {
                        statementReturns.await();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        });
        try {
            restarted.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> first.get() != null);
            restarted.stop();
            restarted.start();
            statementReturns.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> !first.get().isAlive());
        } finally {
            statementReturns.countDown();
            restarted.stop();
        }
    }

    @Test
    void anInterruptThatIsNotAStopDoesNotEndTheRelay() {
        AtomicInteger claims = new AtomicInteger();
        AtomicReference<Thread> relayThread = new AtomicReference<>();
        when(sender.ready()).thenReturn(true);
        when(rows.claim(anyString(), any(Instant.class), any(Instant.class), anyInt())).thenAnswer(invocation -> {
            relayThread.set(Thread.currentThread());
            claims.incrementAndGet();
            return 0;
        });
        relay.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> claims.get() > 0);

        relayThread.get().interrupt();
        int claimsAtTheInterrupt = claims.get();

        await().atMost(Duration.ofSeconds(10)).until(() -> claims.get() >= claimsAtTheInterrupt + 3);
    }
}
