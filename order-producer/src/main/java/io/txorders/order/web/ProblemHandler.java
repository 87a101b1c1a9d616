package io.txorders.order.web;

import io.txorders.order.messaging.SimulatedCrashException;
import io.txorders.order.order.EventPublishingUnavailableException;
import io.txorders.order.order.IdempotencyKeyReusedException;
import io.txorders.order.order.IllegalOrderTransitionException;
import io.txorders.order.order.OrderNotFoundException;
import io.txorders.order.webhook.InvalidSubscriptionException;
import io.txorders.order.webhook.WebhookNotFoundException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Maps every failure to RFC 9457 {@code application/problem+json}, once, at the HTTP edge. Validation
 * problems are 400s whose {@code errors} list names each offending field (e.g. {@code items[0].quantity}).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** One offending field and what is wrong with it. */
    record FieldError(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof PayloadTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
        }
        FieldError error = unreadable(ex);
        return ResponseEntity.badRequest().body(invalid(List.of(error)));
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(e));
    }

    @ExceptionHandler(AdminToken.UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(AdminToken.UnauthorizedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage()).getBody());
    }

    @ExceptionHandler(InvalidSubscriptionException.class)
    ResponseEntity<ProblemDetail> invalidSubscription(InvalidSubscriptionException e) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(e.field(), e.getMessage()))));
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

    @ExceptionHandler(EventPublishingUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(EventPublishingUnavailableException e) {
        log.warn("request refused, message broker unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "The message broker is unavailable; nothing was changed. Retry later."));
    }

    @ExceptionHandler(SimulatedCrashException.class)
    ResponseEntity<ProblemDetail> simulatedCrash(SimulatedCrashException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Simulated fault", e.getMessage());
    }

    /** The database is down or unreachable: nothing was changed, the request may be retried. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        org.slf4j.LoggerFactory.getLogger(ProblemHandler.class).warn("database unavailable: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unavailable; nothing was changed. Retry later.");
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    /** Anything unforeseen: still a problem document, with the details only in the log. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        org.slf4j.LoggerFactory.getLogger(ProblemHandler.class).error("unexpected failure", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request failed unexpectedly; it was logged. Retry later or contact the operators.");
    }

    static ProblemDetail tooLarge(PayloadTooLargeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
        problem.setTitle("Request body too large");
        return problem;
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).body(problem);
    }

    /** Names the field Jackson choked on (e.g. {@code items[2].quantity}), or {@code body} for broken JSON. */
    private static FieldError unreadable(HttpMessageNotReadableException ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException broken) {
                // Syntax, not content: the body as a whole is not JSON (truncated, stray characters, ...).
                return new FieldError("body", "is not valid JSON (" + broken.getOriginalMessage() + ")");
            }
            if (t instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                StringBuilder field = new StringBuilder();
                for (JacksonException.Reference reference : jackson.getPath()) {
                    if (reference.getIndex() >= 0) {
                        field.append('[').append(reference.getIndex()).append(']');
                    } else if (reference.getPropertyName() != null) {
                        if (!field.isEmpty()) {
                            field.append('.');
                        }
                        field.append(reference.getPropertyName());
                    }
                }
                return new FieldError(field.isEmpty() ? "body" : field.toString(), "has the wrong type or format");
            }
        }
        return new FieldError("body", "is not a valid JSON object for this request");
    }
}
