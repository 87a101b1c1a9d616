package io.txorders.messaging.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * A confirmation dropped because the queue is full (a long database outage) is counted: its event is republished
 * later by the discarded-publish recovery, which must not be taken for a discard by the broker.
 */
class CommitConfirmationsTest {

    private final TransactionStateRepository states = mock(TransactionStateRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommitConfirmations confirmations = new CommitConfirmations(states, Clock.systemUTC(), meters);

    /**
     * Spring's scheduler has one thread by default, shared with every {@code @Scheduled} task of the service: one
     * that runs long (an hourly purge, a timeout sweep after an outage) must not hold the confirmations back.
     */
    @Test
    void confirmationsAreWrittenWhileSpringsSchedulerIsBusyWithALongTask() {
        CountDownLatch longTaskRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UUID txId = UUID.randomUUID();
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(Scheduling.class);
            context.registerBean(LongTask.class, () -> new LongTask(longTaskRunning, release));
            context.registerBean(CommitConfirmations.class,
                    () -> new CommitConfirmations(states, Clock.systemUTC(), meters, Duration.ofMillis(20)));
            context.refresh();
            await().atMost(Duration.ofSeconds(10)).until(() -> longTaskRunning.getCount() == 0);

            context.getBean(CommitConfirmations.class).confirm(txId);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    verify(states).confirmCommits(eq(List.of(txId)), any()));
            release.countDown(); // before the context closes: its scheduler waits for the long task to end
        } finally {
            release.countDown();
        }
    }

    @Test
    void whatWaitsWhenItStopsIsWritten() {
        UUID txId = UUID.randomUUID();
        CommitConfirmations rarely = new CommitConfirmations(states, Clock.systemUTC(), meters, Duration.ofHours(1));
        rarely.start();
        rarely.confirm(txId);

        rarely.stop();

        verify(states).confirmCommits(eq(List.of(txId)), any());
        assertThat(rarely.isRunning()).isFalse();
    }

    /** With the database hanging, a shutdown is not held up past an orchestrator's grace period. */
    @Test
    void aStopDoesNotWaitForAFlushThatDoesNotEnd() {
        CountDownLatch flushing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        when(states.confirmCommits(anyCollection(), any())).thenAnswer(call -> {
            flushing.countDown();
            release.await();
            return 1;
        });
        CommitConfirmations hanging = new CommitConfirmations(states, Clock.systemUTC(), meters, Duration.ofMillis(10));
        try {
            hanging.start();
            hanging.confirm(UUID.randomUUID());
            await().atMost(Duration.ofSeconds(10)).until(() -> flushing.getCount() == 0);

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                hanging.stop();
            });

            assertThat(hanging.isRunning()).isFalse();
        } finally {
            release.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
    }

    /** A scheduled task that holds its thread until released, as a purge of a million rows does. */
    static class LongTask {

        private final CountDownLatch running;
        private final CountDownLatch release;

        LongTask(CountDownLatch running, CountDownLatch release) {
            this.running = running;
            this.release = release;
        }

        @Scheduled(fixedDelay = 10)
        void hold() throws InterruptedException {
            running.countDown();
            release.await();
        }
    }

    @Test
    void aConfirmationBeyondTheQueuesRoomIsDroppedAndCounted() {
        for (int i = 0; i < CommitConfirmations.MAX_QUEUED + 3; i++) {
            confirmations.confirm(UUID.randomUUID());
        }

        assertThat(meters.get("txorders.publisher.confirmations.dropped").counter().count()).isEqualTo(3);
        assertThat(meters.get("txorders.publisher.confirmations.waiting").gauge().value())
                .isEqualTo(CommitConfirmations.MAX_QUEUED);
    }

    @Test
    void onceWrittenNothingWaitsAndNothingMoreIsDropped() {
        when(states.confirmCommits(anyCollection(), any()))
                .thenAnswer(call -> call.<Collection<?>>getArgument(0).size());
        for (int i = 0; i < CommitConfirmations.MAX_QUEUED + 1; i++) {
            confirmations.confirm(UUID.randomUUID());
        }

        assertThat(confirmations.flush()).isEqualTo(CommitConfirmations.MAX_QUEUED);
        confirmations.confirm(UUID.randomUUID());

        assertThat(meters.get("txorders.publisher.confirmations.dropped").counter().count()).isEqualTo(1);
        assertThat(meters.get("txorders.publisher.confirmations.waiting").gauge().value()).isEqualTo(1);
    }
}
