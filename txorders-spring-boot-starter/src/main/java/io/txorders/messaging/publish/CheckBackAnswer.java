package io.txorders.messaging.publish;

/** The answer to the broker's check-back on a half message. */
public enum CheckBackAnswer {
    /** Deliver the message. */
    COMMIT,
    /** Discard the message. */
    ROLLBACK,
    /** The state could not be read; the broker asks again later. */
    UNKNOWN
}
