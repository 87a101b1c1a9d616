package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RocketMqClientStarterTest {

    private static final Duration FAST = Duration.ofMillis(10);

    private final AtomicReference<Throwable> gaveUpWith = new AtomicReference<>();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final List<String> closed = new CopyOnWriteArrayList<>();
    private RocketMqClientStarter starter;

    @AfterEach
    void stop() {
        if (starter != null) {
            starter.stop();
        }
    }

    private RocketMqClientStarter starter(Duration startupTimeout) {
        starter = new RocketMqClientStarter(new RocketMqStartupProperties(startupTimeout, FAST, FAST.multipliedBy(2)),
                failure -> {
                    gaveUpWith.set(failure);
                    gaveUp.incrementAndGet();
                }, Clock.systemUTC());
        return starter;
    }

    private AutoCloseable client(String name) {
        return () -> closed.add(name);
    }

    @Test
    void withAHealthyBrokerEveryClientIsStartedWhenStartReturns() {
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        StartingClient<AutoCloseable> producer = starter.register("producer", () -> client("producer"));
        StartingClient<AutoCloseable> consumer = starter.register("consumer", () -> client("consumer"));

        starter.start();

        assertThat(producer.isStarted()).isTrue();
        assertThat(consumer.isStarted()).isTrue();
        assertThat(starter.status().started()).isTrue();
        assertThat(starter.status().failedAttempts()).isZero();
    }

    @Test
    void aClientWhoseTopicIsNotRoutedYetIsBuiltAgainUntilItStarts() throws Exception {
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        AtomicInteger attempts = new AtomicInteger();
        StartingClient<AutoCloseable> producer = starter.register("producer", () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("service FAILED", new IllegalStateException(
                        "CODE: 17 DESC: No topic route info in name server for the topic: inventory-events"));
            }
            return client("producer");
        });

        starter.start();

        await().atMost(Duration.ofSeconds(10)).until(producer::isStarted);
        assertThat(attempts).hasValue(3);
        assertThat(starter.status().failedAttempts()).isEqualTo(2);
        assertThat(starter.status().lastFailure()).contains("producer").contains("No topic route info");
        assertThat(starter.status().started()).isTrue();
        assertThat(producer.require()).isNotNull();
        assertThat(gaveUp).hasValue(0);
    }

    @Test
    void startReturnsAfterAFailedAttemptWhileTheRestGoesOnInTheBackground() throws Exception {
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        CountDownLatch brokerUp = new CountDownLatch(1);
        StartingClient<AutoCloseable> producer = starter.register("producer", () -> {
            if (brokerUp.getCount() > 0) {
                throw new IllegalStateException("UNAVAILABLE: io exception");
            }
            return client("producer");
        });

        starter.start();

        assertThat(producer.isStarted()).isFalse();
        assertThat(starter.status().pending()).containsExactly("producer");
        assertThat(starter.status().waitingSince()).isNotNull();
        assertThatThrownBy(producer::require).isInstanceOf(ClientException.class)
                .hasMessageContaining("producer is not started yet").hasMessageContaining("UNAVAILABLE");
        brokerUp.countDown();
        await().atMost(Duration.ofSeconds(10)).until(producer::isStarted);
        assertThat(starter.status().pending()).isEmpty();
    }

    @Test
    void withoutAStartupTimeoutItKeepsTryingPastAnyDeadlineAndNeverGivesUp() {
        RocketMqClientStarter starter = starter(null);
        AtomicInteger attempts = new AtomicInteger();
        StartingClient<AutoCloseable> producer = starter.register("producer", () -> {
            if (attempts.incrementAndGet() <= 60) {
                throw new IllegalStateException("UNAVAILABLE: io exception");
            }
            return client("producer");
        });

        starter.start();

        // 60 failures at 10-20 ms apart: far more than any bounded start-up in these tests would allow.
        await().atMost(Duration.ofSeconds(20)).until(producer::isStarted);
        assertThat(starter.status().failedAttempts()).isEqualTo(60);
        assertThat(gaveUp).hasValue(0);
    }

    @Test
    void theDefaultIsToWaitForTheBrokerForEver() {
        RocketMqStartupProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("txorders.rocketmq", RocketMqStartupProperties.class);

        assertThat(defaults.givesUp()).isFalse();
        assertThatThrownBy(() -> new RocketMqStartupProperties(Duration.ZERO, Duration.ofMillis(500),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesUpOnceAfterTheStartupTimeoutWithTheLastFailure() {
        RocketMqClientStarter starter = starter(Duration.ofMillis(300));
        AtomicInteger attempts = new AtomicInteger();
        StartingClient<AutoCloseable> producer = starter.register("producer", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("No topic route info in name server");
        });
        StartingClient<AutoCloseable> consumer = starter.register("consumer", () -> client("consumer"));

        starter.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> gaveUp.get() == 1);
        int attemptsWhenGivingUp = attempts.get();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> gaveUp.get() == 1 && attempts.get() == attemptsWhenGivingUp);
        assertThat(gaveUpWith.get()).hasMessageContaining("No topic route info");
        assertThat(attempts.get()).isGreaterThan(2);
        assertThat(starter.status().gaveUp()).isTrue();
        assertThat(starter.status().pending()).containsExactly("producer", "consumer");
        assertThatThrownBy(producer::require).isInstanceOf(ClientException.class).hasMessageContaining("gave up");
        assertThat(consumer.isStarted()).isFalse();
    }

    @Test
    void stopClosesTheStartedClientsAndStopsTrying() {
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        starter.register("producer", () -> client("producer"));
        starter.register("consumer", () -> client("consumer"));
        AtomicInteger lateAttempts = new AtomicInteger();
        StartingClient<AutoCloseable> late = starter.register("late", () -> {
            lateAttempts.incrementAndGet();
            throw new IllegalStateException("UNAVAILABLE");
        });
        starter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> lateAttempts.get() >= 2);

        starter.stop();

        assertThat(closed).containsExactlyInAnyOrder("consumer", "producer");
        assertThat(starter.isRunning()).isFalse();
        int attemptsAtStop = lateAttempts.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> lateAttempts.get() == attemptsAtStop);
        assertThatThrownBy(late::require).isInstanceOf(ClientException.class).hasMessageContaining("closed");
        assertThat(gaveUp).hasValue(0);
    }

    @Test
    void producersCloseAfterEveryConsumerWhoseListenerMayStillPublish() throws Exception {
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        Producer producer = mock(Producer.class);
        doAnswer(invocation -> closed.add("producer")).when(producer).close();
        starter.register("producer", () -> producer);
        starter.register("consumer-a", () -> client("consumer-a"));
        starter.register("consumer-b", () -> client("consumer-b"));
        starter.start();

        starter.stop();

        assertThat(closed).hasSize(3).endsWith("producer");
    }

    @Test
    void startedAgainAfterAStopItBuildsTheClientsAnew() throws Exception {
        // Lifecycle allows a stop and a later start: the clients closed by the stop must be built again.
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        AtomicInteger builds = new AtomicInteger();
        StartingClient<AutoCloseable> producer = starter.register("producer",
                () -> client("producer-" + builds.incrementAndGet()));
        starter.start();
        starter.stop();
        assertThat(producer.isStarted()).isFalse();

        starter.start();

        assertThat(producer.isStarted()).isTrue();
        assertThat(builds).hasValue(2);
        assertThat(closed).containsExactly("producer-1");
        assertThat(starter.isRunning()).isTrue();
    }

    @Test
    void aClientBuiltAfterItsHandleClosedIsClosedAtOnce() throws Exception {
        StartingClient<AutoCloseable> handle = new StartingClient<>("producer", () -> "starting");
        handle.close();

        handle.started(client("producer"));

        assertThat(closed).containsExactly("producer");
        assertThat(handle.isStarted()).isFalse();
    }

    @Test
    void registeringAfterStartIsRefused() {
        RocketMqClientStarter starter = starter(Duration.ofMinutes(1));
        starter.start();

        assertThatThrownBy(() -> starter.register("late", () -> client("late")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("late");
    }
}
