package io.txorders.messaging.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.inbox.ConsumerStatistics;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * The admin API every service shares (bearer admin token, {@link AdminToken}): this instance's consumer counters,
 * which {@code scripts/replay.sh} follows, and the dead letters that {@code scripts/dlq.sh} lists, shows and
 * resubmits through the group's normal consumer path ({@link DeadLetterResubmission}). A service adds its own
 * {@code /admin} operations in a controller of its own.
 */
@AdminOnly
@RestController
@RequestMapping("/admin")
public class MessagingAdminController {

    private final DeadLetters deadLetters;
    private final DeadLetterResubmission resubmission;
    private final MeterRegistry meters;

    public MessagingAdminController(DeadLetters deadLetters, DeadLetterResubmission resubmission,
                    MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.resubmission = resubmission;
        this.meters = meters;
    }

    /**
     * {@code {"groups":{"<group>":{"applied":n,"duplicate":n,"rejected":n,"ignored":n,"postponed":n,"failed":n}}}} of this
     * instance.
     */
    @GetMapping("/consumers")
    Map<String, Object> consumers() {
        return Map.of("groups", ConsumerStatistics.byGroup(meters));
    }

    @GetMapping("/dead-letters")
    List<Map<String, Object>> deadLetters(@RequestParam(name = "status", required = false) String status,
                                          @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and 1000");
        }
        return deadLetters.list(deadLetterStatus(status), limit).stream().map(letter -> view(letter, false)).toList();
    }

    /** A status filter in any case, or null for all; an unknown one is a 400, not an empty list that looks clean. */
    private static String deadLetterStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        String wanted = status.trim().toUpperCase(Locale.ROOT);
        if (!wanted.equals("NEW") && !wanted.equals("RESUBMITTED")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be NEW or RESUBMITTED");
        }
        return wanted;
    }

    @GetMapping("/dead-letters/{id}")
    @ProblemResponse(status = 404, description = "No dead letter with that id")
    Map<String, Object> deadLetter(@PathVariable("id") long id) {
        return deadLetters.find(id).map(letter -> view(letter, true)).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
    }

    /** 200 resubmitted; 404 unknown; 409 already resubmitted; 422 unreadable body; 503 its consumer still fails. */
    @PostMapping("/dead-letters/{id}/resubmit")
    @ProblemResponse(status = 404, description = "No dead letter with that id")
    @ProblemResponse(status = 409, description = "Already resubmitted")
    @ProblemResponse(status = 422, description = "Its body cannot be read by any consumer")
    @ProblemResponse(status = 503, description = "Its consumer failed again; it stays NEW")
    Map<String, Object> resubmit(@PathVariable("id") long id) {
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
