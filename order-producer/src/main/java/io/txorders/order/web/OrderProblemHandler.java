package io.txorders.order.web;

import io.txorders.messaging.web.StandardProblemHandler;
import io.txorders.order.messaging.SimulatedCrashException;
import io.txorders.order.order.IdempotencyKeyReusedException;
import io.txorders.order.order.IllegalOrderTransitionException;
import io.txorders.order.order.OrderNotFoundException;
import io.txorders.order.webhook.InvalidSubscriptionException;
import io.txorders.order.webhook.WebhookNotFoundException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * The order service's own problems (orders, webhooks, the request-size limit) on top of the mapping every service
 * shares ({@link StandardProblemHandler}: framework exceptions, 401, 503, 500), all {@code application/problem+json}.
 */
@RestControllerAdvice
class OrderProblemHandler extends StandardProblemHandler {

    /** A chunked body over the limit surfaces while Jackson reads it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (ex.getMostSpecificCause() instanceof PayloadTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).headers(problemJson()).body(tooLarge(tooLarge));
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        return invalidField(e.field(), e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException e) {
        return respond(tooLarge(e));
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

    static ProblemDetail tooLarge(PayloadTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Request body too large");
        return problem;
    }

    private static HttpHeaders problemJson() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
