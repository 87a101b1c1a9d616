package io.txorders.order.messaging;

/** Thrown by fault injection where the process would have crashed. */
public class SimulatedCrashException extends RuntimeException {

    public SimulatedCrashException(String message) {
        super(message);
    }
}
