package io.txorders.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The batch receivers exist exactly when the bound properties say batch mode: every spelling the binding accepts
 * gives the group one consumer, never none.
 */
class ReceivesOutcomesInBatchesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);

    @Configuration(proxyBeanMethods = false)
    static class Probe {
        @Bean
        @Conditional(ReceivesOutcomesInBatches.class)
        String batchReceivers() {
            return "batch";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"order.consumer.mode=batch", "order.consumer.mode=BATCH", "order.consumer.mode=Batch",
            "order.consumer.enabled=yes", "order.consumer.enabled=true"})
    void batchModeInAnySpellingTheBindingTakes(String property) {
        runner.withPropertyValues(property).run(context -> assertThat(context).hasBean("batchReceivers"));
    }

    @Test
    void batchModeIsTheDefault() {
        runner.run(context -> assertThat(context).hasBean("batchReceivers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"order.consumer.mode=single", "order.consumer.mode=SINGLE", "order.consumer.enabled=false",
            "order.consumer.enabled=no"})
    void noBatchReceiversInSingleModeOrWithoutConsuming(String property) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("batchReceivers");
        });
    }

    @Test
    void anEmptyModeIsTheDefaultForTheConditionAndForTheBindingAlike() {
        runner.withPropertyValues("order.consumer.mode=").run(context -> {
            assertThat(context).hasBean("batchReceivers");
            assertThat(Binder.get(context.getEnvironment()).bindOrCreate("order.consumer",
                    OrderConsumerProperties.class).mode()).isEqualTo(OrderConsumerProperties.Mode.BATCH);
        });
    }
}
