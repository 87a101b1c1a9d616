package io.txorders.messaging.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.autoconfigure.TxordersMessagingAutoConfiguration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The admin controllers check no token themselves: without the interceptor that does, there is no admin API. */
class AdminApiAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(JdbcTemplate.class, () -> new JdbcTemplate(mock(DataSource.class)))
            .withBean(PlatformTransactionManager.class, () -> mock(PlatformTransactionManager.class));

    @Test
    void withTheTokenCheckTheAdminApiIsServed() {
        runner.withConfiguration(AutoConfigurations.of(TxordersMessagingAutoConfiguration.class,
                        WebProblemsAutoConfiguration.class, AdminApiAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MessagingAdminController.class)
                        .hasSingleBean(AdminOnlyInterceptor.class));
    }

    @Test
    void withoutTheTokenCheckTheStartUpFailsRatherThanServeTheAdminApiToAnyone() {
        runner.withConfiguration(AutoConfigurations.of(TxordersMessagingAutoConfiguration.class,
                        AdminApiAutoConfiguration.class))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining(AdminOnlyInterceptor.class.getName()));
    }
}
