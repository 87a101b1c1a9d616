package io.txorders.messaging.web;

import io.txorders.messaging.publish.DiscardedPublishRecovery;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The transactional publish's admin operation (bearer admin token), in every service with
 * {@code txorders.publisher.enabled}: republishing a committed transaction's event, the repair of a publish the
 * broker discarded ({@code scripts/reconcile.sh --repair}, {@code txorders republish}).
 */
@AdminOnly
@RestController
@RequestMapping("/admin")
public class TransactionAdminController {

    private final DiscardedPublishRecovery recovery;

    public TransactionAdminController(DiscardedPublishRecovery recovery) {
        this.recovery = recovery;
    }

    /**
     * Publishes the exact message of a COMMITTED transaction again (same event id, body, keys and tag); consumers that
     * already have it drop it as a duplicate. 200 republished; 404 unknown; 409 rolled back, claimed by another
     * instance right now, or not rebuildable; 503 RocketMQ did not take it.
     */
    @PostMapping("/transactions/{txId}/republish")
    @ProblemResponse(status = 404, description = "No transaction with that id")
    @ProblemResponse(status = 409, description = "Rolled back, being republished elsewhere, or not rebuildable")
    @ProblemResponse(status = 503, description = "RocketMQ did not take the event")
    Map<String, Object> republish(@PathVariable("txId") UUID txId) {
        DiscardedPublishRecovery.Outcome outcome;
        try {
            outcome = recovery.republish(txId);
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "RocketMQ did not take the republished "
                    + "event " + txId + "; try again: " + e.getMessage());
        }
        return switch (outcome) {
            case REPUBLISHED, REPUBLISHED_COMMIT_PENDING -> Map.of("txId", txId, "outcome", outcome.name());
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no transaction " + txId);
            case ROLLED_BACK -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "transaction " + txId + " was rolled back: its event must never be delivered");
            case CLAIMED_ELSEWHERE -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "transaction " + txId + " is being republished by another instance right now");
            case NO_BODY -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "transaction " + txId + " was written before message bodies were kept: it cannot be rebuilt");
        };
    }
}
