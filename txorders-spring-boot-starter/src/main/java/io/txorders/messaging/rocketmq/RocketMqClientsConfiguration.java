package io.txorders.messaging.rocketmq;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every service's RocketMQ clients share, imported by {@code TxordersMessagingAutoConfiguration}: the provider,
 * the client configuration ({@code rocketmq.*}), the {@link RocketMqClientStarter} ({@code txorders.rocketmq.*}) that
 * builds the clients registered with it, the {@link SimpleConsumers} for a service's batch receivers, and the
 * {@code rocketMq} health indicator (add it to the readiness group). Each of these backs off when the service
 * declares its own, e.g. a {@link ClientConfiguration} with settings {@link RocketMqProperties} does not offer; the
 * health check and the log lines then name that configuration's endpoints.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RocketMqProperties.class, RocketMqStartupProperties.class})
public class RocketMqClientsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RocketMqClientsConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    ClientServiceProvider rocketMqProvider() {
        return ClientServiceProvider.loadService();
    }

    @Bean
    @ConditionalOnMissingBean
    ClientConfiguration rocketMqClientConfiguration(RocketMqProperties properties) {
        return properties.clientConfiguration();
    }

    /**
     * Gives up by exiting with status 1 once {@code txorders.rocketmq.startup-timeout} passed: a supervisor
     * (Kubernetes, systemd, compose's restart policy) then restarts the service and the failure is visible, where a
     * service left running unready would wait unnoticed.
     */
    @Bean
    @ConditionalOnMissingBean
    RocketMqClientStarter rocketMqClientStarter(RocketMqStartupProperties properties, ClientConfiguration rocketMq,
                                                ConfigurableApplicationContext context) {
        return new RocketMqClientStarter(properties, failure -> {
            Thread exit = new Thread(() -> {
                log.error("exiting: RocketMQ at {} unusable for {} ({})", rocketMq.getEndpoints(),
                        properties.startupTimeout(), RocketMqClientStarter.describe(failure));
                System.exit(SpringApplication.exit(context, () -> 1));
            }, "rocketmq-start-failed");
            exit.start();
        }, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    SimpleConsumers simpleConsumers(RocketMqClientStarter starter, ClientServiceProvider provider,
                                    ClientConfiguration configuration) {
        return new SimpleConsumers(starter, provider, configuration);
    }

    /**
     * {@code txorders.rocketmq.clients.not-started} (gauge) and {@code txorders.rocketmq.client.start.failures}
     * (counter): what the {@code TxordersRocketMqClientsNotStarted} alert watches.
     */
    @Bean
    MeterBinder rocketMqClientStartMetrics(RocketMqClientStarter starter) {
        return registry -> {
            Gauge.builder("txorders.rocketmq.clients.not-started", starter, s -> s.status().pending().size())
                    .description("RocketMQ clients of this service not started yet (readiness is DOWN while > 0)")
                    .register(registry);
            FunctionCounter.builder("txorders.rocketmq.client.start.failures", starter,
                            s -> s.status().failedAttempts())
                    .description("Failed attempts at starting a RocketMQ client (each retried with back-off)")
                    .register(registry);
        };
    }

    @Bean("rocketMq")
    @ConditionalOnMissingBean(name = "rocketMq")
    RocketMqHealthIndicator rocketMqHealthIndicator(ClientConfiguration configuration, RocketMqClientStarter starter) {
        return new RocketMqHealthIndicator(configuration.getEndpoints(), starter);
    }
}
