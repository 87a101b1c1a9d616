package io.txorders.devstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that starts {@link DevStack#shared()} once per JVM and publishes where it is as system
 * properties, which the services' configuration reads:
 * {@code txorders.db.host}, {@code txorders.db.port}, {@code txorders.db.username},
 * {@code txorders.db.password}, {@code rocketmq.endpoints}, {@code rocketmq.namesrv-addr}.
 *
 * <p>Register it before Spring's extension ({@code @ExtendWith(DevStackExtension.class)} on the test class,
 * or through a meta-annotation), so the properties exist when the application context starts.
 */
public class DevStackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        DevStack stack = DevStack.shared();
        System.setProperty("txorders.db.host", "127.0.0.1");
        System.setProperty("txorders.db.port", Integer.toString(stack.ports().database()));
        System.setProperty("txorders.db.username", stack.dbUser());
        System.setProperty("txorders.db.password", stack.dbPassword());
        System.setProperty("rocketmq.endpoints", stack.rocketMqEndpoint());
        System.setProperty("rocketmq.namesrv-addr", stack.namesrvAddr());
    }
}
