package io.txorders.order.web;

/** A request part that bean validation does not cover (e.g. a header) is invalid: a 400 naming it. */
class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
