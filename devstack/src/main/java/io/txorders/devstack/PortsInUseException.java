package io.txorders.devstack;

/** A stack cannot start because ports it was given are taken; the message names them. */
public class PortsInUseException extends IllegalStateException {

    public PortsInUseException(String message) {
        super(message);
    }
}
