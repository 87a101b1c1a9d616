package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The receivers' settings are checked when they are built, so that a service with a batch size the client or the
 * broker refuses does not start, where it used to run with receivers retrying a refused receive forever.
 */
class BatchReceiversTest {

    @SuppressWarnings("unchecked")
    private final StartingClient<SimpleConsumer> client = mock(StartingClient.class);
    private final BatchReceivers.BatchHandler handler = messages -> List.of();

    @ParameterizedTest
    @CsvSource({"0, 4", "33, 4", "64, 4", "32, 0", "-1, -1"})
    void aBatchSizeOrReceiversOutOfRangeAreRefusedNamingTheGroup(int batchSize, int receivers) {
        assertThatThrownBy(() -> new BatchReceivers(client, "inventory-consumer", handler, batchSize, receivers))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("inventory-consumer: the batch size must be 1 to 32")
                .hasMessageEndingWith("got batch size " + batchSize + ", receivers " + receivers);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "32, 4"})
    void theBoundsThemselvesAreAccepted(int batchSize, int receivers) {
        assertThatCode(() -> new BatchReceivers(client, "inventory-consumer", handler, batchSize, receivers))
                .doesNotThrowAnyException();
    }

    @Test
    void aFailedMessageComesBackOnThePushConsumersScheduleSoAnHourLongOutageIsOutlived() {
        assertThat(BatchReceivers.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(BatchReceivers.backoff(2)).isEqualTo(Duration.ofSeconds(5));
        assertThat(BatchReceivers.backoff(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(BatchReceivers.backoff(18)).isEqualTo(Duration.ofHours(2));
        assertThat(BatchReceivers.backoff(100)).isEqualTo(Duration.ofHours(2));
        Duration aDefaultGroupsSixteenRetries = IntStream.rangeClosed(1, 16).mapToObj(BatchReceivers::backoff)
                .reduce(Duration.ZERO, Duration::plus);
        assertThat(aDefaultGroupsSixteenRetries).isEqualTo(Duration.ofSeconds(6346));
    }
}
