package io.txorders.order.web;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.txorders.messaging.web.AdminOnly;
import io.txorders.messaging.web.ProblemResponse;
import io.txorders.order.webhook.NotificationTask;
import io.txorders.order.webhook.WebhookService;
import io.txorders.order.webhook.WebhookSubscription;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /webhooks}: partner subscriptions to order events and the manual queue of failed deliveries. Every
 * operation requires the admin token. The secret is write-only: it is never shown again.
 */
@AdminOnly
@RestController
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** Body of {@code POST /webhooks}. */
    record Subscribe(String url, List<String> events, String secret) {
    }

    record SubscriptionResponse(long id, String url, List<String> events, Instant createdAt,
                                @Schema(description = "from this instant on, every event of these types that occurs "
                                        + "is delivered; one that occurs between createdAt and then may or may not be")
                                Instant effectiveAt) {
        static SubscriptionResponse of(WebhookSubscription s, Instant effectiveAt) {
            return new SubscriptionResponse(s.id(), s.url(), s.events().stream().map(Enum::name).sorted().toList(),
                    s.createdAt(), effectiveAt);
        }
    }

    record TaskResponse(long id, long subscriptionId, String url, String eventId, String eventType, String orderNo,
                        int attempts, String status,
                        @Schema(nullable = true, description = "the last attempt's HTTP status, null "
                                + "if it got none") Integer lastStatus,
                        @Schema(nullable = true) String lastError, Instant createdAt) {
        static TaskResponse of(NotificationTask t) {
            return new TaskResponse(t.id(), t.subscriptionId(), t.url(), t.eventId(), t.eventType(), t.orderNo(),
                    t.attempts(), t.status(), t.lastStatus(), t.lastError(), t.createdAt());
        }
    }

    @PostMapping("/webhooks")
    @ApiResponse(responseCode = "201", description = "Subscribed", headers = @Header(name = "Location",
            description = "the subscription, e.g. /webhooks/7", schema = @Schema(type = "string",
            format = "uri-reference")), content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SubscriptionResponse.class)))
    ResponseEntity<SubscriptionResponse> subscribe(@RequestBody Subscribe body) {
        WebhookSubscription subscription = webhooks.subscribe(body.url(), body.events(), body.secret());
        return ResponseEntity.created(URI.create("/webhooks/" + subscription.id()))
                .body(SubscriptionResponse.of(subscription, webhooks.effectiveAt(subscription)));
    }

    @GetMapping("/webhooks")
    List<SubscriptionResponse> list() {
        return webhooks.subscriptions().stream()
                .map(s -> SubscriptionResponse.of(s, webhooks.effectiveAt(s))).toList();
    }

    @DeleteMapping("/webhooks/{id}")
    @ApiResponse(responseCode = "204", description = "Unsubscribed")
    @ProblemResponse(status = 404, description = "No subscription with that id")
    ResponseEntity<Void> unsubscribe(@PathVariable long id) {
        webhooks.unsubscribe(id);
        return ResponseEntity.noContent().build();
    }

    /** Deliveries that gave up after the last attempt, for a human to look at. */
    @GetMapping("/webhooks/failed")
    List<TaskResponse> failed() {
        return webhooks.failedTasks().stream().map(TaskResponse::of).toList();
    }

    /** Queues a FAILED delivery again with a fresh set of attempts. */
    @PostMapping("/webhooks/tasks/{id}/retry")
    @ApiResponse(responseCode = "202", description = "Queued again")
    @ProblemResponse(status = 404, description = "No failed delivery with that id")
    ResponseEntity<Void> retry(@PathVariable long id) {
        webhooks.retry(id);
        return ResponseEntity.accepted().build();
    }
}
