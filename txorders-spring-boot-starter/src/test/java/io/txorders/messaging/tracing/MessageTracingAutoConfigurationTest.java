package io.txorders.messaging.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MessageTracingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MessageTracingAutoConfiguration.class))
            .withBean(ClientServiceProvider.class, ClientServiceProvider::loadService);

    @Test
    void withATracerAndAPropagatorMessagesCarryTheTrace() {
        runner.withBean(Tracer.class, () -> Tracer.NOOP).withBean(Propagator.class, () -> Propagator.NOOP)
                .run(context -> {
                    assertThat(context).hasSingleBean(MicrometerMessageTracing.class);
                    assertThat(context.getBean(ClientServiceProvider.class))
                            .isInstanceOf(TracingClientServiceProvider.class);
                });
    }

    @Test
    void withoutATracerThereIsNoMessageTracing() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MessageTracing.class);
            assertThat(context.getBean(ClientServiceProvider.class).newMessageBuilder().setTopic("t")
                    .setBody(new byte[] {1}).build().getProperties()).isEmpty();
        });
    }

    @Test
    void withoutMicrometerTracingOnTheClassPathNothingApplies() {
        runner.withClassLoader(new FilteredClassLoader(Tracer.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MessageTracing.class);
            assertThat(context.getBean(ClientServiceProvider.class))
                    .isNotInstanceOf(TracingClientServiceProvider.class);
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withBean(Tracer.class, () -> Tracer.NOOP).withBean(Propagator.class, () -> Propagator.NOOP)
                .withPropertyValues("txorders.tracing.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(MessageTracing.class);
                    assertThat(context.getBean(ClientServiceProvider.class))
                            .isNotInstanceOf(TracingClientServiceProvider.class);
                });
    }
}
