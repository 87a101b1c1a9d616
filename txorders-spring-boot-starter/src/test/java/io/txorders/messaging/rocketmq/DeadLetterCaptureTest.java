package io.txorders.messaging.rocketmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.messaging.inbox.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.apis.consumer.ConsumeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A dead letter the capture cannot record is counted, logged by the application and delivered again. The client
 * used to log the listener's exception only to its own file: a message whose every redelivery failed ended in the
 * capture group's own %DLQ% topic, which nothing reads, with no trace in the application's log or metrics.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterCaptureTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final DeadLetters deadLetters = new DeadLetters(jdbc, meters, Clock.systemUTC());
    private final InboundMessage message = new InboundMessage("%DLQ%points-consumer", "7F00000100002A9F0000000001",
            "OrderPaid", List.of("3f2c1e9a-6b1d-4c0e-9a7e-2d5b8c4f1a07", "ORD-1"), "{}".getBytes(StandardCharsets.UTF_8), 3, Map.of());

    @Test
    void aRecordTheDatabaseRefusesIsCountedLoggedAndDeliveredAgain(CapturedOutput output) {
        deadLetters.countFor("points-consumer");
        doThrow(new DataAccessResourceFailureException("Communications link failure"))
                .when(jdbc).update(anyString(), any(Object[].class));

        assertThat(DeadLetterCapture.capture(deadLetters, ConsumerGroup.POINTS, message))
                .isEqualTo(ConsumeResult.FAILURE);

        assertThat(meters.get("txorders.dlq.capture.failures").tag("group", "points-consumer").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("txorders.dlq.messages").tag("group", "points-consumer").counter().count()).isZero();
        assertThat(output).contains("dead letter not recorded", "group=points-consumer", "orderNo=ORD-1",
                "eventId=3f2c1e9a-6b1d-4c0e-9a7e-2d5b8c4f1a07", "messageId=7F00000100002A9F0000000001", "attempt=3",
                "Communications link failure");
    }

    @Test
    void aRecordedDeadLetterIsLoggedWithItsOrderNumberAndEventId(CapturedOutput output) {
        DeadLetterCapture.capture(deadLetters, ConsumerGroup.POINTS, message);

        assertThat(output).contains("dead letter group=points-consumer", "orderNo=ORD-1",
                "eventId=3f2c1e9a-6b1d-4c0e-9a7e-2d5b8c4f1a07");
    }

    @Test
    void aRecordedOrAlreadyRecordedDeadLetterIsCapturedAndNotAFailure() {
        deadLetters.countFor("points-consumer");
        assertThat(DeadLetterCapture.capture(deadLetters, ConsumerGroup.POINTS, message))
                .isEqualTo(ConsumeResult.SUCCESS);
        doThrow(new DuplicateKeyException("uk_dead_letter_message")).when(jdbc).update(anyString(), any(Object[].class));
        assertThat(DeadLetterCapture.capture(deadLetters, ConsumerGroup.POINTS, message))
                .isEqualTo(ConsumeResult.SUCCESS);

        assertThat(meters.get("txorders.dlq.capture.failures").tag("group", "points-consumer").counter().count())
                .as("counted from zero, so its first increase can alert").isZero();
        assertThat(meters.get("txorders.dlq.messages").tag("group", "points-consumer").counter().count()).isEqualTo(1);
    }
}
