package io.txorders.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Places one-unit orders of one SKU for one user at a steady pace on a thread of its own, recording every answer,
 * for the outage tests: what was accepted must arrive; what was refused must be a clear 503 problem.
 */
final class OrderLoad implements AutoCloseable {

    private final Platform platform;
    /** Who places the orders, of which SKU, from when (a second early: stored times are coarse). */
    final long user;
    final String sku;
    final Instant since = Instant.now().minusSeconds(1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    /** Order numbers of 201 answers. */
    final List<String> accepted = new CopyOnWriteArrayList<>();
    /** Every answer that was not a 201, by status, with a sample body. */
    final Map<Integer, String> refused = new ConcurrentHashMap<>();
    final Map<Integer, Integer> refusedCount = new ConcurrentHashMap<>();

    OrderLoad(Platform platform, long user, String sku, int perSecond) {
        this.platform = platform;
        this.user = user;
        this.sku = sku;
        this.thread = new Thread(() -> {
            while (running.get()) {
                place();
                try {
                    TimeUnit.MILLISECONDS.sleep(1000 / perSecond);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "order-load");
        thread.start();
    }

    private void place() {
        try {
            Platform.Response response = platform.post(platform.orders, "/orders", """
                    {"userId":%d,"items":[{"sku":"%s","quantity":1,"unitPrice":"2.00"}]}""".formatted(user, sku));
            if (response.status() == 201) {
                accepted.add(response.json().path("orderNo").asString());
            } else {
                refused.putIfAbsent(response.status(), response.body());
                refusedCount.merge(response.status(), 1, Integer::sum);
            }
        } catch (RuntimeException e) {
            refused.putIfAbsent(-1, e.toString());
            refusedCount.merge(-1, 1, Integer::sum);
        }
    }

    /** Stops or starts a part of the platform. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /**
     * Keeps placing through an outage of {@code part}: stops it once {@code acceptedEachSide} orders were accepted,
     * starts it again once {@code refused} placements were refused with a 503, and returns once
     * {@code acceptedEachSide} more were accepted, waiting at most {@code recovery} for them.
     */
    void throughOutage(String part, Step stop, Step start, int acceptedEachSide, int refused, Duration recovery)
            throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= acceptedEachSide);
        System.out.println("outage: stopping " + part + " after " + accepted.size() + " accepted orders");
        stop.run();
        await().atMost(Duration.ofSeconds(60)).until(() -> refusedCount.getOrDefault(503, 0) >= refused);
        System.out.println("outage: starting " + part + " again; refused so far " + refusedCount);
        start.run();
        int acceptedAtRestart = accepted.size();
        await().atMost(recovery).until(() -> accepted.size() >= acceptedAtRestart + acceptedEachSide);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(70_000);
    }
}
