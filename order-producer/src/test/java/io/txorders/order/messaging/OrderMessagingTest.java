package io.txorders.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.messaging.autoconfigure.PublisherProperties;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.inbox.ConsumerGroupHandler;
import io.txorders.messaging.rocketmq.ConsumptionMode;
import io.txorders.order.order.OrderProperties;
import io.txorders.order.webhook.WebhookProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Which consumer the starter runs for each of order-producer's groups, by {@code order.consumer.*}. */
class OrderMessagingTest {

    private final OrderMessaging messaging = new OrderMessaging();
    private final InboundEventsListener listener = new InboundEventsListener(null, null, null);

    @Test
    void inBatchModeTheReservationOutcomesHaveNoPushConsumerAndTheDeadlinesKeepTheirs() {
        OrderConsumerProperties batch = new OrderConsumerProperties(true, ConsumptionMode.BATCH, 32, 4, 8);

        ConsumerGroupHandler outcomes = messaging.orderGroup(listener, batch);
        ConsumerGroupHandler deadlines = messaging.orderTimeoutsGroup(listener, batch);

        assertThat(outcomes.group()).isEqualTo(ConsumerGroup.ORDER);
        assertThat(outcomes.push()).as("the batch receivers consume instead").isNull();
        assertThat(outcomes.consuming()).isTrue();
        assertThat(deadlines.group()).isEqualTo(ConsumerGroup.ORDER_TIMEOUTS);
        assertThat(deadlines.push().tagsByTopic()).isEqualTo(Map.of(Topic.ORDER_TIMEOUTS, "*"));
        assertThat(deadlines.push().threads()).isEqualTo(8);
    }

    @Test
    void inSingleModeThePushConsumerTakesTheReservationOutcomesOnly() {
        OrderConsumerProperties single = new OrderConsumerProperties(true, ConsumptionMode.SINGLE, 32, 4, 3);

        ConsumerGroupHandler outcomes = messaging.orderGroup(listener, single);

        assertThat(outcomes.push().tagsByTopic()).isEqualTo(Map.of(Topic.INVENTORY_EVENTS, "*"));
        assertThat(outcomes.push().threads()).isEqualTo(3);
    }

    @Test
    void anInstanceThatDoesNotConsumeRunsNeitherGroup() {
        OrderConsumerProperties off = new OrderConsumerProperties(false, ConsumptionMode.BATCH, 32, 4, 8);

        assertThat(messaging.orderGroup(listener, off).consuming()).isFalse();
        assertThat(messaging.orderTimeoutsGroup(listener, off).consuming()).isFalse();
    }

    @Test
    void aBatchLargerThanOneReceiveTakesIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new OrderConsumerProperties(true, ConsumptionMode.BATCH, 33, 4, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch-size must be 1 to 32");
        assertThatThrownBy(() -> new OrderConsumerProperties(true, ConsumptionMode.BATCH, 32, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receivers and threads at least 1");
    }

    /** The condition's side is the starter's ConditionalOnBatchReceivingTest ({@code mode=} receives batches). */
    @Test
    void anEmptyModeIsTheDefaultForTheConditionAndForTheBindingAlike() {
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of("order.consumer.mode", "")))
                .bindOrCreate(OrderConsumerProperties.PREFIX, OrderConsumerProperties.class).mode())
                .isEqualTo(ConsumptionMode.BATCH);
    }

    /**
     * The webhook group's receivers exist exactly when its own flag says it consumes: {@code WEBHOOKS_ENABLED=yes}
     * used to mean true to the group and false to the receivers' condition.
     */
    @ParameterizedTest
    @CsvSource({"yes, true", "TRUE, true", "1, true", "false, false", "no, false", "0, false"})
    void webhooksEnabledIsReadAlikeByTheGroupAndItsReceivers(String value, boolean consuming) {
        var receivers = Arrays.stream(OrderMessaging.class.getDeclaredMethods())
                .filter(method -> method.getName().equals("webhookEventsConsumer")).findFirst().orElseThrow();
        assertThat(receivers.getAnnotation(Conditional.class).value()).containsExactly(WebhooksEnabled.class);

        new ApplicationContextRunner().withUserConfiguration(WebhookReceiversProbe.class)
                .withPropertyValues("webhooks.enabled=" + value)
                .run(context -> {
                    WebhookProperties bound = Binder.get(context.getEnvironment())
                            .bindOrCreate("webhooks", WebhookProperties.class);
                    assertThat(messaging.webhooksGroup(e -> true, bound).consuming()).isEqualTo(consuming);
                    assertThat(context.containsBean("receivers")).isEqualTo(consuming);
                });
    }

    @Test
    void anEmptyWebhooksEnabledFailsTheStartRatherThanMeaningEither() {
        new ApplicationContextRunner().withUserConfiguration(WebhookReceiversProbe.class)
                .withPropertyValues("webhooks.enabled=")
                .run(context -> assertThat(context).getFailure().hasMessageContaining("webhooks"));
    }

    @Configuration(proxyBeanMethods = false)
    static class WebhookReceiversProbe {
        @Bean
        @Conditional(WebhooksEnabled.class)
        String receivers() {
            return "receivers";
        }
    }

    @Test
    void aRepublishAfterThePaymentDeadlineIsWarnedAboutAndTheDefaultsComeBeforeIt() {
        assertThat(OrderMessaging.republishedTooLate(Duration.ofMinutes(20), Duration.ofMinutes(15))).isTrue();
        assertThat(OrderMessaging.republishedTooLate(Duration.ofMinutes(15), Duration.ofMinutes(15))).isTrue();
        OrderProperties defaultOrder = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("order", OrderProperties.class);
        PublisherProperties defaultPublisher = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("txorders.publisher", PublisherProperties.class);
        assertThat(OrderMessaging.republishedTooLate(defaultPublisher.recovery().after(), defaultOrder.paymentTimeout()))
                .as("10 m recovery, 15 m payment timeout").isFalse();
    }
}
