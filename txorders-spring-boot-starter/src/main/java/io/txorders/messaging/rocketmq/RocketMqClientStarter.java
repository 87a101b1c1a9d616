package io.txorders.messaging.rocketmq;

import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a service's RocketMQ clients so that a broker that is slow or briefly absent at start-up does not kill the
 * service, as a production service must (a Kubernetes pod often starts before its broker).
 *
 * <p>rocketmq-client-java's {@code build()} fetches the route of every topic of the client once and throws when that
 * fails ("No topic route info in name server", an unreachable proxy). Here each registered client is built in
 * registration order with retries ({@link ClientStartupRetry}: exponential back-off) for as long as it takes, or until
 * {@link RocketMqStartupProperties#startupTimeout()} has passed since {@link #start()} if one is set; each failed
 * attempt is logged once, at WARN, with its cause.
 *
 * <p>{@link #start()} waits for the first attempt at every client: with a healthy broker the service is fully
 * connected before its web server takes requests, as without this class. After a failed attempt it returns and the
 * rest goes on in a background thread; meanwhile {@link #status()} reports what is pending (readiness DOWN through the
 * {@code rocketMq} health indicator; liveness stays UP) and every {@link StartingClient} not started answers calls
 * with a {@code ClientException}. Only when a timeout is set and passes with clients still not started does it log an
 * ERROR and call {@code onGiveUp} once with the last failure (the services exit then).
 *
 * <p>Its phase makes it start before the web server and stop after it: on stop every client is closed (consumers,
 * then producers) before any bean they use (the database pool) is destroyed.
 */
public final class RocketMqClientStarter implements SmartLifecycle {

    /** Starts after (and stops before) nothing that needs the clients, and stops after the web server drained. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(RocketMqClientStarter.class);
    /** How long {@link #start()} waits for the first attempts when start-up never gives up. */
    private static final Duration FIRST_ROUND_BACKSTOP = Duration.ofMinutes(2);

    /** Builds and starts one client; throws while the broker cannot serve it. */
    @FunctionalInterface
    public interface ClientFactory<T extends AutoCloseable> {
        T build() throws Exception;
    }

    /**
     * Where start-up stands.
     *
     * @param pending the clients not started yet, in start order
     * @param failedAttempts failed attempts so far, all clients together
     * @param lastFailure the client and cause of the latest failed attempt, or {@code null}
     * @param waitingSince when the start began, or {@code null} before {@link #start()}
     * @param gaveUp whether the start-up timeout passed with clients still pending
     */
    public record Status(List<String> pending, int failedAttempts, String lastFailure, Instant waitingSince,
                         boolean gaveUp) {

        public boolean started() {
            return pending.isEmpty();
        }
    }

    private record Registration<T extends AutoCloseable>(StartingClient<T> client, ClientFactory<T> factory) {
    }

    private final RocketMqStartupProperties properties;
    private final Consumer<Throwable> onGiveUp;
    private final Clock clock;
    private final List<Registration<?>> registrations = new CopyOnWriteArrayList<>();
    private final AtomicInteger failedAttempts = new AtomicInteger();
    private volatile String lastFailure;
    private volatile Instant waitingSince;
    private volatile boolean gaveUp;
    private volatile boolean running;
    private volatile Thread thread;
    private long deadlineNanos;

    /**
     * @param onGiveUp called once, from the starter's thread, when the start-up timeout passed with clients pending
     */
    public RocketMqClientStarter(RocketMqStartupProperties properties, Consumer<Throwable> onGiveUp, Clock clock) {
        this.properties = properties;
        this.onGiveUp = onGiveUp;
        this.clock = clock;
    }

    /**
     * Registers a client to be built on {@link #start()}, after those registered before it.
     *
     * @param name its name in logs and health details (the bean name)
     * @throws IllegalStateException once started: every client is registered while the context is built
     */
    public synchronized <T extends AutoCloseable> StartingClient<T> register(String name, ClientFactory<T> factory) {
        if (waitingSince != null) {
            throw new IllegalStateException("RocketMQ client " + name + " registered after start-up began");
        }
        StartingClient<T> client = new StartingClient<>(name, this::whyNotStarted);
        registrations.add(new Registration<>(client, factory));
        return client;
    }

    public Status status() {
        List<String> pending = new ArrayList<>();
        for (Registration<?> registration : registrations) {
            if (!registration.client().isStarted()) {
                pending.add(registration.client().name());
            }
        }
        return new Status(pending, failedAttempts.get(), lastFailure, waitingSince, gaveUp);
    }

    /**
     * Starts building the clients and waits for the first attempt at each (at most the start-up timeout); returns
     * early, leaving the rest to a background thread, as soon as an attempt fails.
     */
    @Override
    public void start() {
        CountDownLatch round = new CountDownLatch(1);
        Thread starter;
        synchronized (this) {
            if (running) {
                return;
            }
            // Started again after a stop (Lifecycle allows it): the clients were closed, build them anew.
            registrations.forEach(registration -> registration.client().reopen());
            gaveUp = false;
            waitingSince = clock.instant();
            deadlineNanos = properties.givesUp() ? System.nanoTime() + properties.startupTimeout().toNanos() : 0;
            starter = new Thread(() -> startAll(round), "rocketmq-client-starter");
            starter.setDaemon(true);
            thread = starter;
            running = true;
        }
        starter.start();
        try {
            // The first attempt at each client is bounded by the client's own request timeout; this is a backstop.
            round.await((properties.givesUp() ? properties.startupTimeout() : FIRST_ROUND_BACKSTOP).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startAll(CountDownLatch round) {
        long began = System.nanoTime();
        try {
            for (Registration<?> registration : registrations) {
                if (!startWithRetries(registration, round)) {
                    return;
                }
            }
            log.info("RocketMQ clients started: {} in {} ms ({} failed attempts)",
                    registrations.stream().map(registration -> registration.client().name()).toList(),
                    (System.nanoTime() - began) / 1_000_000, failedAttempts.get());
        } finally {
            round.countDown();
        }
    }

    /** Until the start-up deadline; unbounded when there is none. */
    private long remainingMillis() {
        return properties.givesUp() ? TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()) : Long.MAX_VALUE;
    }

    /** @return whether the client started (else start-up was stopped or gave up) */
    private <T extends AutoCloseable> boolean startWithRetries(Registration<T> registration, CountDownLatch round) {
        String name = registration.client().name();
        Retry retry = Retry.of("rocketmq-client-start-" + name, ClientStartupRetry.config(properties,
                this::isCurrentRound, this::remainingMillis));
        retry.getEventPublisher().onRetry(event -> {
            recordFailure(name, event.getLastThrowable());
            log.warn("RocketMQ client {} not started (attempt {}), trying again in {} ms: {}", name,
                    event.getNumberOfRetryAttempts(), event.getWaitInterval().toMillis(),
                    describe(event.getLastThrowable()));
            // The first round is over: let the context finish starting while this goes on in the background.
            round.countDown();
        });
        CheckedSupplier<T> build = Retry.decorateCheckedSupplier(retry, registration.factory()::build);
        T client;
        try {
            client = build.get();
        } catch (Throwable failure) {
            if (!isCurrentRound()) {
                log.info("RocketMQ client {} not started: the service is stopping", name);
                return false;
            }
            recordFailure(name, failure);
            gaveUp = true;
            log.error("RocketMQ clients {} not started within {} ({} failed attempts), giving up; last failure: {}",
                    status().pending(), properties.startupTimeout(), failedAttempts.get(), describe(failure));
            onGiveUp.accept(failure);
            return false;
        }
        synchronized (this) {
            // Under the lock that stop() and start() take: a client built by a round that ended meanwhile is closed.
            if (isCurrentRound()) {
                registration.client().started(client);
                log.info("RocketMQ client {} started", name);
                return true;
            }
        }
        try {
            client.close();
        } catch (Exception e) {
            log.warn("RocketMQ client {} built while stopping did not close cleanly: {}", name, e.toString());
        }
        return false;
    }

    /** Whether this thread still builds the clients: false once stopped, or started again with a thread of its own. */
    private boolean isCurrentRound() {
        return running && thread == Thread.currentThread();
    }

    private void recordFailure(String name, Throwable failure) {
        failedAttempts.incrementAndGet();
        lastFailure = name + ": " + describe(failure);
    }

    private String whyNotStarted() {
        String failure = lastFailure;
        if (gaveUp) {
            return "gave up after " + properties.startupTimeout() + "; last failure " + failure;
        }
        return failure == null ? "starting" : "waiting for the broker; last failure " + failure;
    }

    /**
     * The innermost cause: rocketmq-client-java wraps the route failure in Guava's "Expected the service to be
     * RUNNING, but the service has FAILED".
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // rocketmq-client-java's messages run over several lines (a link to its FAQ): the first says what happened.
        String text = root.toString().lines().findFirst().orElse(root.getClass().getName());
        return root == failure ? text : text + " (in " + failure.getClass().getSimpleName() + ")";
    }

    /**
     * Stops trying and closes every client: the consumers first, all at once (each waits out its long polls, about
     * 20 s, so one after the other would add up), then the producers, which a consumer's listener may still use.
     */
    @Override
    public void stop() {
        Thread starter;
        synchronized (this) {
            running = false;
            starter = thread;
        }
        if (starter != null && starter != Thread.currentThread()) {
            starter.interrupt();
            try {
                starter.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<StartingClient<?>> consumers = new ArrayList<>();
        List<StartingClient<?>> producers = new ArrayList<>();
        for (Registration<?> registration : registrations) {
            boolean producer = registration.client().current().filter(Producer.class::isInstance).isPresent();
            (producer ? producers : consumers).add(registration.client());
        }
        closeAllAtOnce(consumers);
        closeAllAtOnce(producers);
    }

    private static void closeAllAtOnce(List<StartingClient<?>> clients) {
        List<Thread> closing = new ArrayList<>();
        for (StartingClient<?> client : clients) {
            Thread thread = new Thread(() -> {
                try {
                    client.close();
                } catch (Exception e) {
                    log.warn("RocketMQ client {} did not close cleanly: {}", client.name(), e.toString());
                }
            }, "rocketmq-client-close-" + client.name());
            thread.start();
            closing.add(thread);
        }
        for (Thread thread : closing) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Not stopped when a context is paused (Spring's test context cache pauses the contexts not in use): closing a
     * push consumer waits out its long poll (about 20 s), and the clients hold nothing a paused context must free.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }
}
