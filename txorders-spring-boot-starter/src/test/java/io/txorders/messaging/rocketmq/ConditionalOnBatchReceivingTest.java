package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The batch receivers exist exactly when the bound settings say batch mode: every spelling the binding accepts gives
 * the group one consumer, never none, and a value the binding refuses stops the start. (The first three cases were
 * order-producer's {@code ReceivesOutcomesInBatchesTest} before the condition moved here.)
 */
class ConditionalOnBatchReceivingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);

    @Configuration(proxyBeanMethods = false)
    static class Probe {
        @Bean
        @ConditionalOnBatchReceiving("shop.consumer")
        String batchReceivers() {
            return "batch";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.consumer.mode=batch", "shop.consumer.mode=BATCH", "shop.consumer.mode=Batch",
            "shop.consumer.enabled=yes", "shop.consumer.enabled=true", "shop.consumer.mode="})
    void batchModeInAnySpellingTheBindingTakes(String property) {
        runner.withPropertyValues(property).run(context -> assertThat(context).hasBean("batchReceivers"));
    }

    @Test
    void batchModeIsTheDefault() {
        runner.run(context -> assertThat(context).hasBean("batchReceivers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop.consumer.mode=single", "shop.consumer.mode=SINGLE", "shop.consumer.enabled=false",
            "shop.consumer.enabled=no"})
    void noBatchReceiversInSingleModeOrWithoutConsuming(String property) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("batchReceivers");
        });
    }

    @Test
    void aModeThatIsNeitherStopsTheStartNamingTheSetting() {
        runner.withPropertyValues("shop.consumer.mode=batched").run(context -> {
            assertThat(context).getFailure().hasMessageContaining("shop.consumer.mode");
            assertThat(context).getFailure().rootCause().hasMessageContaining("batched");
        });
    }
}
