package io.txorders.order.web;

import io.txorders.messaging.web.StandardProblemHandler;
import io.txorders.order.messaging.SimulatedCrashException;
import io.txorders.order.order.IdempotencyKeyReusedException;
import io.txorders.order.order.IllegalOrderTransitionException;
import io.txorders.order.order.OrderNotFoundException;
import io.txorders.order.webhook.InvalidSubscriptionException;
import io.txorders.order.webhook.WebhookNotFoundException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The order service's own problems (orders, webhooks) on top of the mapping every service
 * shares ({@link StandardProblemHandler}: framework exceptions, 401, 413, 503, 500), all {@code application/problem+json}.
 */
@RestControllerAdvice
class OrderProblemHandler extends StandardProblemHandler {

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        return invalidField(e.field(), e.getMessage());
    }

    @ExceptionHandler(InvalidSubscriptionException.class)
    ResponseEntity<ProblemDetail> invalidSubscription(InvalidSubscriptionException e) {
        return invalidField(e.field(), e.getMessage());
    }

    @ExceptionHandler(WebhookNotFoundException.class)
    ResponseEntity<ProblemDetail> webhookNotFound(WebhookNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Order not found", e.getMessage());
    }

    @ExceptionHandler(IllegalOrderTransitionException.class)
    ResponseEntity<ProblemDetail> conflict(IllegalOrderTransitionException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.CONFLICT, "Order state conflict", e.getMessage());
        response.getBody().setProperty("orderNo", e.orderNo());
        response.getBody().setProperty("orderStatus", e.status().name());
        return response;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "Order changed concurrently", e.getMessage() + "; read it and retry");
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                e.getMessage());
        response.getBody().setProperty("orderNo", e.orderNo());
        return response;
    }

    @ExceptionHandler(SimulatedCrashException.class)
    ResponseEntity<ProblemDetail> simulatedCrash(SimulatedCrashException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Simulated fault", e.getMessage());
    }
}
