package io.txorders.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.cli.admin.StandInAdminApi;
import io.txorders.cli.admin.StandInAdminApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code scripts/dlq.sh list} against stand-ins for order-producer's and points-consumer's admin API. */
class DlqCommandTest {

    private static final String TOKEN = "secret";
    private static final String LETTER = """
            [{"id":%d,"group":"%s","status":"NEW","createdAt":"2026-11-24T08:00:00Z","tag":"OrderPaid",
              "keys":["T1"],"reason":"unreadable body"}]""";

    private final StandInAdminApi order = StandInAdminApi.start("/admin/dead-letters", TOKEN,
            request -> Answer.ok(LETTER.formatted(7, "order-producer")));
    private final StandInAdminApi points = StandInAdminApi.start("/admin/dead-letters", TOKEN,
            request -> Answer.ok(LETTER.formatted(12, "points-consumer")));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        order.close();
        points.close();
    }

    /**
     * inventory-consumer is down: order's and points' dead letters are still listed, and the exit code and the last
     * line say that one service was not. The list used to stop at the first service that did not answer.
     */
    @Test
    void aServiceThatDoesNotAnswerIsNamedAndTheOthersAreStillListed() {
        int exit = DlqCommand.run(new String[] {"list"}, Map.of("TXORDERS_ADMIN_TOKEN", TOKEN,
                        "TXORDERS_ORDER_URL", order.url(), "TXORDERS_INVENTORY_URL", "http://127.0.0.1:1",
                        "TXORDERS_POINTS_URL", points.url()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("order/7", "points/12",
                "2 dead letter(s); not listed: inventory");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dlq: inventory not listed:", "unreachable");
    }

    @Test
    void aRefusedTokenStopsTheListAtOnce() {
        int exit = DlqCommand.run(new String[] {"list"}, Map.of("TXORDERS_ADMIN_TOKEN", "wrong",
                        "TXORDERS_ORDER_URL", order.url(), "TXORDERS_INVENTORY_URL", "http://127.0.0.1:1",
                        "TXORDERS_POINTS_URL", points.url()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TXORDERS_ADMIN_TOKEN");
        assertThat(points.requests()).isEmpty();
    }
}
