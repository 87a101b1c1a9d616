package io.txorders.order.webhook;

/** No such subscription or task. */
public class WebhookNotFoundException extends RuntimeException {

    public WebhookNotFoundException(String what) {
        super(what + " not found");
    }
}
