package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.apache.rocketmq.client.apis.ClientException;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;
import org.junit.jupiter.api.Test;

class StartingProducerTest {

    private final StartingClient<Producer> handle =
            new StartingClient<>("orderEventsProducer", () -> "waiting for the broker; last failure UNAVAILABLE");
    private final StartingProducer producer = new StartingProducer(handle);
    private final Message message = mock(Message.class);

    @Test
    void beforeTheClientStartedEveryCallFailsAsAnUnreachableBrokerWould() {
        assertThatThrownBy(() -> producer.send(message)).isInstanceOf(ClientException.class)
                .hasMessageContaining("orderEventsProducer is not started yet").hasMessageContaining("UNAVAILABLE");
        assertThatThrownBy(producer::beginTransaction).isInstanceOf(ClientException.class);
        assertThat(producer.sendAsync(message)).isCompletedExceptionally();
    }

    @Test
    void onceStartedCallsGoToTheRealClientAndCloseClosesIt() throws Exception {
        Producer real = mock(Producer.class);
        SendReceipt receipt = mock(SendReceipt.class);
        when(real.send(message)).thenReturn(receipt);
        handle.started(real);

        assertThat(producer.send(message)).isSameAs(receipt);
        producer.close();

        verify(real).close();
        assertThatThrownBy(() -> producer.send(message)).isInstanceOf(ClientException.class)
                .hasMessageContaining("closed");
    }
}
