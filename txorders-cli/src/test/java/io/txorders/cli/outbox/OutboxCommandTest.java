package io.txorders.cli.outbox;

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

/** {@code scripts/outbox.sh} against a stand-in for inventory-consumer's outbox admin API (the JDK's HTTP server). */
class OutboxCommandTest {

    private static final String TOKEN = "secret";

    private StandInAdminApi inventory;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        inventory = StandInAdminApi.start("/admin/outbox", TOKEN, request -> switch (request) {
            case "POST /admin/outbox/42/requeue" -> Answer.ok("{\"id\":42,\"outcome\":\"REQUEUED\"}");
            case "POST /admin/outbox/43/requeue" ->
                    Answer.problem(409, "outbox row 43 is not DEAD; only a DEAD row can be requeued");
            case "POST /admin/outbox/requeue-dead" -> Answer.ok("{\"requeued\":3}");
            default -> request.startsWith("GET /admin/outbox?") ? Answer.ok("""
                    [{"id":42,"eventId":"0b6f2c1e-0000-4000-8000-000000000042","eventType":"StockReserved",
                      "orderNo":"T42","status":"DEAD","attempts":10,"lastError":"RocketMQ rejected StockReserved",
                      "createdAt":"2026-11-24T08:00:00Z","nextAttemptAt":"2026-11-24T08:08:31Z"}]""") : null;
        });
    }

    @AfterEach
    void stop() {
        inventory.close();
    }

    @Test
    void helpNeedsNoTokenAndNamesEveryCommand() {
        assertThat(run(Map.of(), "--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("list", "requeue <id>", "requeue-dead",
                "TXORDERS_ADMIN_TOKEN");
        assertThat(inventory.requests()).isEmpty();
    }

    @Test
    void listShowsTheDeadRowsByDefault() {
        assertThat(run(env(TOKEN), "list")).isZero();

        assertThat(inventory.requests()).containsExactly("GET /admin/outbox?limit=50&status=DEAD");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("42", "DEAD", "T42", "RocketMQ rejected",
                "1 outbox row(s)");
    }

    @Test
    void listOfEveryStatusAsksForNone() {
        assertThat(run(env(TOKEN), "list", "--status", "all", "--limit=5")).isZero();

        assertThat(inventory.requests()).containsExactly("GET /admin/outbox?limit=5");
    }

    @Test
    void requeueingADeadRowSucceedsAndARowThatIsNotDeadExitsOne() {
        assertThat(run(env(TOKEN), "requeue", "42")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("row 42 REQUEUED");

        assertThat(run(env(TOKEN), "requeue", "43")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("409", "not DEAD");
    }

    @Test
    void requeueDeadPrintsHowMany() {
        assertThat(run(env(TOKEN), "requeue-dead")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 DEAD row(s) requeued");
    }

    @Test
    void usageTokenAndConnectionProblemsExitTwo() {
        assertThat(run(Map.of(), "list")).as("no token").isEqualTo(2);
        assertThat(run(env(TOKEN), "requeue")).as("no id").isEqualTo(2);
        assertThat(run(env(TOKEN), "requeue", "forty-two")).as("not an id").isEqualTo(2);
        assertThat(run(env(TOKEN), "list", "--status", "LOST")).as("no such status").isEqualTo(2);
        assertThat(run(env(TOKEN), "purge")).as("no such command").isEqualTo(2);
        assertThat(run(env("wrong"), "requeue", "42")).as("token refused").isEqualTo(2);
        assertThat(run(Map.of("TXORDERS_ADMIN_TOKEN", TOKEN, "TXORDERS_INVENTORY_URL", "http://127.0.0.1:1"),
                "requeue-dead")).as("unreachable").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("TXORDERS_ADMIN_TOKEN", "unreachable");
    }

    /**
     * A proxy's login page (HTTP 200, no JSON) where the admin API should be, and a URL variable set to nothing:
     * both are exit 2 with a line that says what is wrong. They used to end in a stack trace and exit 1, the code
     * for "cannot be requeued".
     */
    @Test
    void aServiceThatAnswersWithoutJsonAndAnEmptyUrlAreExitTwoWithAReason() {
        try (StandInAdminApi loginPage = StandInAdminApi.start("/admin/outbox", TOKEN,
                request -> Answer.ok("<html><body>Sign in</body></html>"))) {
            assertThat(run(Map.of("TXORDERS_ADMIN_TOKEN", TOKEN, "TXORDERS_INVENTORY_URL", loginPage.url()), "list"))
                    .isEqualTo(2);
        }
        assertThat(run(Map.of("TXORDERS_ADMIN_TOKEN", TOKEN, "TXORDERS_INVENTORY_URL", " "), "requeue-dead"))
                .isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("with no JSON, so it is not a txorders admin API",
                "TXORDERS_INVENTORY_URL names no URL").doesNotContain("\tat ");
    }

    private Map<String, String> env(String token) {
        return Map.of("TXORDERS_ADMIN_TOKEN", token, "TXORDERS_INVENTORY_URL", inventory.url());
    }

    private int run(Map<String, String> env, String... args) {
        return OutboxCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
