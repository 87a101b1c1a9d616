package io.txorders.messaging.rocketmq;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.rocketmq.client.apis.ClientException;

/**
 * A RocketMQ client that {@link RocketMqClientStarter} builds once the broker can serve it. Until then (and after
 * {@link #close()}) {@link #require()} fails with a {@link ClientException}, as a call to an unreachable broker does,
 * so callers need no second error path.
 *
 * @param <T> the client type ({@code Producer}, {@code PushConsumer}, {@code SimpleConsumer}, …)
 */
public final class StartingClient<T extends AutoCloseable> implements AutoCloseable {

    private final String name;
    private final Supplier<String> whyNotStarted;
    private volatile T client;
    private boolean closed;

    StartingClient(String name, Supplier<String> whyNotStarted) {
        this.name = name;
        this.whyNotStarted = whyNotStarted;
    }

    /** The name it is logged and reported under (its bean name). */
    public String name() {
        return name;
    }

    public boolean isStarted() {
        return client != null;
    }

    /** @return the client, once started and until closed */
    public Optional<T> current() {
        return Optional.ofNullable(client);
    }

    /**
     * @return the started client
     * @throws ClientException while it is not started yet, naming the last reason, or once it is closed
     */
    public T require() throws ClientException {
        T started = client;
        if (started != null) {
            return started;
        }
        synchronized (this) {
            if (closed) {
                throw new ClientException("RocketMQ client " + name + " is closed");
            }
        }
        throw new ClientException("RocketMQ client " + name + " is not started yet (" + whyNotStarted.get() + ")");
    }

    /**
     * Hands over the client just built; one built after {@link #close()} is closed at once, and so is one this
     * replaces (never expected: the starter builds each client once per start).
     */
    void started(T built) {
        T replaced = null;
        synchronized (this) {
            if (closed) {
                replaced = built;
            } else {
                replaced = client;
                client = built;
            }
        }
        if (replaced != null) {
            try {
                replaced.close();
            } catch (Exception e) {
                // Closing a client nobody uses: nothing to do about a failure but drop it.
            }
        }
    }

    /** Lets a client be handed over again after {@link #close()}: the starter was started again after a stop. */
    synchronized void reopen() {
        closed = false;
    }

    /**
     * Closes the client if it was started; a client handed over later is closed at once (until the starter starts
     * again). Idempotent.
     */
    @Override
    public void close() throws Exception {
        T started;
        synchronized (this) {
            closed = true;
            started = client;
            client = null;
        }
        if (started != null) {
            started.close();
        }
    }

    @Override
    public String toString() {
        return "StartingClient[" + name + (isStarted() ? ", started]" : ", not started]");
    }
}
