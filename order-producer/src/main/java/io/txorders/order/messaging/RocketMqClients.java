package io.txorders.order.messaging;

import io.txorders.messaging.contract.Topic;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rocketmq-client-java clients of order-producer (gRPC through the proxy). */
@Configuration(proxyBeanMethods = false)
class RocketMqClients {

    @Bean
    ClientServiceProvider rocketMqProvider() {
        return ClientServiceProvider.loadService();
    }

    @Bean
    ClientConfiguration rocketMqClientConfiguration(RocketMqProperties properties) {
        return ClientConfiguration.newBuilder()
                .setEndpoints(properties.endpoints())
                .enableSsl(false)
                .setRequestTimeout(properties.requestTimeout())
                .build();
    }

    /**
     * The transactional producer. It declares {@code order-events} so the broker routes check-backs for that
     * topic to it (any instance of the service can answer: the state is in the database).
     */
    @Bean(destroyMethod = "close")
    Producer orderEventsProducer(ClientServiceProvider provider, ClientConfiguration configuration,
                                 TransactionStateChecker checker) throws ClientException {
        return provider.newProducerBuilder()
                .setClientConfiguration(configuration)
                .setTopics(Topic.ORDER_EVENTS.topicName())
                .setTransactionChecker(checker)
                .build();
    }
}
