package io.txorders.messaging.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The trace context through RocketMQ messages, when the service has Micrometer Tracing (a {@link Tracer} and a
 * {@link Propagator}, e.g. from {@code spring-boot-micrometer-tracing-brave}) and {@code txorders.tracing.enabled} is
 * not false: the {@link MessageTracing} the inbox consumers handle messages with, and the service's
 * {@link ClientServiceProvider} wrapped so the messages it builds carry the current trace
 * ({@link TracingClientServiceProvider}). Without tracing nothing here applies and the starter uses
 * {@link MessageTracing#NONE}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"},
        beforeName = "io.txorders.messaging.autoconfigure.TxordersMessagingAutoConfiguration")
@ConditionalOnClass(Tracer.class)
@ConditionalOnBooleanProperty(name = "txorders.tracing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MessageTracingProperties.class)
public class MessageTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({Tracer.class, Propagator.class})
    MessageTracing messageTracing(Tracer tracer, Propagator propagator) {
        return new MicrometerMessageTracing(tracer, propagator);
    }

    /** Wraps the service's {@link ClientServiceProvider}; {@link MessageTracing} is looked up once, when first used. */
    @Bean
    static BeanPostProcessor tracingClientServiceProvider(ObjectProvider<MessageTracing> tracing) {
        return new BeanPostProcessor() {
            private volatile MessageTracing resolved;

            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ClientServiceProvider provider && !(bean instanceof TracingClientServiceProvider)) {
                    return new TracingClientServiceProvider(provider, () -> {
                        MessageTracing current = resolved;
                        if (current == null) {
                            current = tracing.getIfAvailable(() -> MessageTracing.NONE);
                            resolved = current;
                        }
                        return current;
                    });
                }
                return bean;
            }
        };
    }
}
