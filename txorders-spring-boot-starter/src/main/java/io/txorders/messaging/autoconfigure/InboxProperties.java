package io.txorders.messaging.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The inbox of a service ({@code txorders.inbox.*}, e.g. {@code TXORDERS_INBOX_RETENTION}).
 *
 * @param retention how long an inbox row is kept; a replay further back than this would apply events twice, so keep
 *        it longer than any replay window
 * @param retry the in-process retries of one message's inbox transaction, for transient database failures only
 *        (deadlocks, lock-wait timeouts, lost connections); after the last one the broker redelivers
 */
@ConfigurationProperties("txorders.inbox")
public record InboxProperties(@DefaultValue("7d") Duration retention, @DefaultValue Retry retry) {

    /**
     * @param maxAttempts attempts in all, the first included
     * @param waitDuration the wait before the second attempt
     * @param backoffMultiplier each further wait is this many times the one before
     */
    public record Retry(@DefaultValue("4") int maxAttempts, @DefaultValue("100ms") Duration waitDuration,
                        @DefaultValue("2") double backoffMultiplier) {
    }
}
