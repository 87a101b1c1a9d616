package io.txorders.inventory.web;

import io.txorders.messaging.web.AdminToken;
import io.txorders.messaging.web.ProblemResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.inventory.outbox.OutboxOperations;
import io.txorders.inventory.outbox.OutboxRow;
import io.txorders.inventory.outbox.OutboxStatus;
import io.txorders.messaging.inbox.ConsumerStatistics;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * outbox rows that {@code scripts/outbox.sh} lists and requeues.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private final AdminToken adminToken;
    private final DeadLetters deadLetters;
    private final DeadLetterResubmission resubmission;
    private final OutboxOperations outbox;
    private final MeterRegistry meters;

    AdminController(AdminToken adminToken, DeadLetters deadLetters, DeadLetterResubmission resubmission,
                    OutboxOperations outbox, MeterRegistry meters) {
        this.adminToken = adminToken;
        this.deadLetters = deadLetters;
        this.resubmission = resubmission;
        this.outbox = outbox;
        this.meters = meters;
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

    /** Outbox rows, lowest id first: of one status ({@code DEAD}, {@code PENDING}, {@code SENT}) or all. */
    @GetMapping("/outbox")
    List<OutboxRow> outbox(@RequestHeader(name = "Authorization", required = false) String authorization,
                           @RequestParam(name = "status", required = false) String status,
                           @RequestParam(name = "limit", defaultValue = "50") int limit) {
        adminToken.require(authorization);
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
    Map<String, Object> requeue(@RequestHeader(name = "Authorization", required = false) String authorization,
                                @PathVariable("id") long id) {
        adminToken.require(authorization);
        return switch (outbox.requeue(id)) {
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no outbox row " + id);
            case NOT_DEAD -> throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "outbox row " + id + " is not DEAD; only a DEAD row can be requeued");
            case REQUEUED -> Map.of("id", id, "outcome", "REQUEUED");
        };
    }

    /** Every DEAD row back to PENDING; {@code {"requeued":n}}. */
    @PostMapping("/outbox/requeue-dead")
    Map<String, Object> requeueDead(@RequestHeader(name = "Authorization", required = false) String authorization) {
        adminToken.require(authorization);
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
