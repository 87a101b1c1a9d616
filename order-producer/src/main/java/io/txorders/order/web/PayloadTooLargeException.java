package io.txorders.order.web;

/** A request body over {@link RequestBodyLimitFilter#MAX_BODY_BYTES}. */
class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
    }
}
