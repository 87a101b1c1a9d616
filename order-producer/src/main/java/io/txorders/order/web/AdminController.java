package io.txorders.order.web;

import io.txorders.messaging.web.AdminToken;
import io.txorders.messaging.web.ProblemResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.inbox.ConsumerStatistics;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import io.txorders.order.txstate.DiscardedPublishRecovery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admin API of this service (bearer admin token): the consumer counters that {@code scripts/replay.sh} follows,
 * the dead letters that {@code scripts/dlq.sh} lists, shows and resubmits through the normal consumer path, and the
 * republish of a committed event that never reached its topic ({@code scripts/reconcile.sh --repair}).
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private final AdminToken adminToken;
    private final DeadLetters deadLetters;
    private final DeadLetterResubmission resubmission;
    private final DiscardedPublishRecovery recovery;
    private final MeterRegistry meters;

    AdminController(AdminToken adminToken, DeadLetters deadLetters, DeadLetterResubmission resubmission,
                    DiscardedPublishRecovery recovery, MeterRegistry meters) {
        this.adminToken = adminToken;
        this.deadLetters = deadLetters;
        this.resubmission = resubmission;
        this.recovery = recovery;
        this.meters = meters;
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
    Map<String, Object> republish(@RequestHeader(name = "Authorization", required = false) String authorization,
                                  @PathVariable("txId") UUID txId) {
        adminToken.require(authorization);
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

    /**
     * {@code {"groups":{"<group>":{"applied":n,"duplicate":n,"rejected":n,"ignored":n,"failed":n}}}} of this
     * instance.
     */
    @GetMapping("/consumers")
    Map<String, Object> consumers(@RequestHeader(name = "Authorization", required = false) String authorization) {
        adminToken.require(authorization);
        return Map.of("groups", ConsumerStatistics.byGroup(meters));
    }

    @GetMapping("/dead-letters")
    List<Map<String, Object>> deadLetters(@RequestHeader(name = "Authorization", required = false) String authorization,
                                          @RequestParam(name = "status", required = false) String status,
                                          @RequestParam(name = "limit", defaultValue = "50") int limit) {
        adminToken.require(authorization);
        if (limit < 1 || limit > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        return deadLetters.list(status, limit).stream().map(letter -> view(letter, false)).toList();
    }

    @GetMapping("/dead-letters/{id}")
    @ProblemResponse(status = 404, description = "No dead letter with that id")
    Map<String, Object> deadLetter(@RequestHeader(name = "Authorization", required = false) String authorization,
                                   @PathVariable("id") long id) {
        adminToken.require(authorization);
        return deadLetters.find(id).map(letter -> view(letter, true)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
    }

    /** 200 resubmitted; 404 unknown; 409 already resubmitted; 422 unreadable body; 503 its consumer still fails. */
    @PostMapping("/dead-letters/{id}/resubmit")
    @ProblemResponse(status = 404, description = "No dead letter with that id")
    @ProblemResponse(status = 409, description = "Already resubmitted")
    @ProblemResponse(status = 422, description = "Its body cannot be read by any consumer")
    @ProblemResponse(status = 503, description = "Its consumer failed again; it stays NEW")
    Map<String, Object> resubmit(@RequestHeader(name = "Authorization", required = false) String authorization,
                                 @PathVariable("id") long id) {
        adminToken.require(authorization);
        DeadLetterResubmission.Outcome outcome = resubmission.resubmit(id);
        switch (outcome) {
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id);
            case ALREADY_RESUBMITTED -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "dead letter " + id + " was already resubmitted");
            case UNREADABLE -> throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "dead letter " + id + " has a body no consumer can read; resubmitting cannot help");
            case STILL_FAILING -> throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "dead letter " + id + " failed again in its consumer (see the service log); it stays NEW");
            default -> {
                return Map.of("id", id, "outcome", outcome.name());
            }
        }
    }

    private static Map<String, Object> view(DeadLetters.DeadLetter letter, boolean withBody) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("group", letter.group());
        view.put("topic", letter.topic());
        view.put("messageId", letter.messageId());
        view.put("tag", letter.tag());
        view.put("keys", letter.keys());
        view.put("reason", letter.reason());
        view.put("status", letter.status());
        view.put("createdAt", letter.createdAt());
        view.put("resubmittedAt", letter.resubmittedAt());
        if (withBody) {
            view.put("body", new String(letter.body(), StandardCharsets.UTF_8));
        }
        return view;
    }
}
