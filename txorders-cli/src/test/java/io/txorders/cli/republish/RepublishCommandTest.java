package io.txorders.cli.republish;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.cli.admin.StandInAdminApi;
import io.txorders.cli.admin.StandInAdminApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code scripts/republish.sh} against a stand-in for order-producer's transaction admin API (the JDK's HTTP server). */
class RepublishCommandTest {

    private static final String TOKEN = "secret";
    private static final String COMMITTED = "0b6f2c1e-0000-4000-8000-000000000001";
    private static final String ROLLED_BACK = "0b6f2c1e-0000-4000-8000-000000000002";

    private StandInAdminApi orders;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        orders = StandInAdminApi.start("/admin/transactions", TOKEN, request -> {
            if (request.equals("POST /admin/transactions/" + COMMITTED + "/republish")) {
                return Answer.ok("{\"txId\":\"" + COMMITTED + "\",\"outcome\":\"REPUBLISHED\"}");
            }
            return request.equals("POST /admin/transactions/" + ROLLED_BACK + "/republish")
                    ? Answer.problem(409, "transaction " + ROLLED_BACK + " was rolled back") : null;
        });
    }

    @AfterEach
    void stop() {
        orders.close();
    }

    @Test
    void aCommittedEventIsRepublishedAndTheExitCodeIsZero() {
        assertThat(run(env(TOKEN), COMMITTED)).isZero();

        assertThat(orders.requests()).containsExactly("POST /admin/transactions/" + COMMITTED + "/republish");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(COMMITTED + " REPUBLISHED");
    }

    @Test
    void everyEventIsTriedAndOneThatCannotBeRepublishedMakesTheExitCodeOne() {
        assertThat(run(env(TOKEN), ROLLED_BACK, COMMITTED)).isEqualTo(1);

        assertThat(orders.requests()).containsExactly("POST /admin/transactions/" + ROLLED_BACK + "/republish",
                "POST /admin/transactions/" + COMMITTED + "/republish");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(ROLLED_BACK, "409", "rolled back");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(COMMITTED + " REPUBLISHED");
    }

    @Test
    void usageTokenAndConnectionProblemsExitTwo() {
        assertThat(run(env(TOKEN))).as("no event id").isEqualTo(2);
        assertThat(run(env(TOKEN), "42")).as("not an event id").isEqualTo(2);
        assertThat(run(Map.of(), COMMITTED)).as("no token").isEqualTo(2);
        assertThat(run(env("wrong"), COMMITTED)).as("token refused").isEqualTo(2);
        assertThat(run(Map.of("TXORDERS_ADMIN_TOKEN", TOKEN, "TXORDERS_ORDER_URL", "http://127.0.0.1:1"), COMMITTED))
                .as("unreachable").isEqualTo(2);
        assertThat(orders.requests()).as("only the refused token reached the service").hasSize(1);
    }

    private Map<String, String> env(String token) {
        return Map.of("TXORDERS_ADMIN_TOKEN", token, "TXORDERS_ORDER_URL", orders.url());
    }

    private int run(Map<String, String> env, String... args) {
        return RepublishCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
