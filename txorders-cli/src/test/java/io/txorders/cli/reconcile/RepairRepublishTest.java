package io.txorders.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.cli.admin.StandInAdminApi;
import io.txorders.cli.admin.StandInAdminApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code reconcile --repair}'s republish of the events that never reached their topic, against a stand-in. */
class RepairRepublishTest {

    private static final String TOKEN = "secret";
    private static final String REFUSED = "0b6f2c1e-0000-4000-8000-000000000001";
    private static final String TAKEN = "0b6f2c1e-0000-4000-8000-000000000002";

    private final StandInAdminApi orders = StandInAdminApi.start("/admin/transactions", TOKEN, request ->
            request.equals("POST /admin/transactions/" + REFUSED + "/republish")
                    ? Answer.problem(409, "transaction " + REFUSED + " cannot be rebuilt")
                    : Answer.ok("{\"txId\":\"" + TAKEN + "\",\"outcome\":\"REPUBLISHED\"}"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        orders.close();
    }

    /** It used to stop at the first refusal: the events after it were not republished, nor the groups replayed. */
    @Test
    void anEventThatCannotBeRepublishedDoesNotKeepTheNextFromIt() {
        int code = ReconcileCommand.republish(new TreeSet<>(java.util.List.of(REFUSED, TAKEN)),
                ServiceEndpoints.from(Map.of("TXORDERS_ORDER_URL", orders.url(), "TXORDERS_ADMIN_TOKEN", TOKEN)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(ReconcileCommand.DISCREPANCIES);
        assertThat(orders.requests()).containsExactly("POST /admin/transactions/" + REFUSED + "/republish",
                "POST /admin/transactions/" + TAKEN + "/republish");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(REFUSED, "cannot be rebuilt");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("republished eventId " + TAKEN);
    }
}
