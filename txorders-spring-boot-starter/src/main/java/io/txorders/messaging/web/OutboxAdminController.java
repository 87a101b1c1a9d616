package io.txorders.messaging.web;

import io.txorders.messaging.outbox.OutboxOperations;
import io.txorders.messaging.outbox.OutboxRow;
import io.txorders.messaging.outbox.OutboxStatus;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The outbox's admin operations (bearer admin token), in every service with {@code txorders.outbox.enabled}: the rows
 * that {@code scripts/outbox.sh} lists and requeues.
 */
@AdminOnly
@RestController
@RequestMapping("/admin")
public class OutboxAdminController {

    private final OutboxOperations outbox;

    public OutboxAdminController(OutboxOperations outbox) {
        this.outbox = outbox;
    }

    /** Outbox rows, lowest id first: of one status ({@code DEAD}, {@code PENDING}, {@code SENT}) or all. */
    @GetMapping("/outbox")
    List<OutboxRow> outbox(@RequestParam(name = "status", required = false) String status,
                           @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        return outbox.list(outboxStatus(status), limit);
    }

    /**
     * A DEAD row back to PENDING (attempts reset, due now), sent by the relay like any other. 200; 404 unknown id;
     * 409 the row is not DEAD (requeueing a PENDING or SENT row could only send it twice).
     */
    @PostMapping("/outbox/{id}/requeue")
    @ProblemResponse(status = 404, description = "No outbox row with that id")
    @ProblemResponse(status = 409, description = "The row is not DEAD")
    Map<String, Object> requeue(@PathVariable("id") long id) {
        return switch (outbox.requeue(id)) {
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no outbox row " + id);
            case NOT_DEAD -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "outbox row " + id + " is not DEAD; only a DEAD row can be requeued");
            case REQUEUED -> Map.of("id", id, "outcome", "REQUEUED");
        };
    }

    /** Every DEAD row back to PENDING; {@code {"requeued":n}}. */
    @PostMapping("/outbox/requeue-dead")
    Map<String, Object> requeueDead() {
        return Map.of("requeued", outbox.requeueAllDead());
    }

    private static OutboxStatus outboxStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OutboxStatus.valueOf(status.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be DEAD, PENDING or SENT");
        }
    }
}
