package io.txorders.messaging.publish;

/**
 * The broker could not take the half message, or a check-back had already rolled the publish back, so nothing was
 * written and nothing was published: the request can be retried (a 503 with Retry-After at the HTTP edge).
 */
public class EventPublishingUnavailableException extends RuntimeException {

    public EventPublishingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
