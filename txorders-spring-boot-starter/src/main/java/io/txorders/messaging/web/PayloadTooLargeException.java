package io.txorders.messaging.web;

/** A request body over {@code txorders.web.max-request-body}: answered {@code 413 Content Too Large}. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
    }
}
