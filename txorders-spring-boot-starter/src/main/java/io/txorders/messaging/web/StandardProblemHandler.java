package io.txorders.messaging.web;

import io.txorders.messaging.publish.CommitOutcomeUnknownException;
import io.txorders.messaging.publish.EventPublishingUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * The part of every service's {@code @RestControllerAdvice} that is the same everywhere: each service's
 * {@code ProblemHandler} extends it and adds only its business exceptions. Every answer is RFC 9457
 * {@code application/problem+json}, whatever the request's {@code Accept} says (406 included: the problem is sent even
 * to a client that did not ask for it, as RFC 9110 allows), and never a 500 for something the client did:
 * <ul>
 * <li>framework exceptions keep Spring MVC's statuses (400 unreadable body of any media type or missing/ill-typed
 * parameter or header, 404 unknown path, 405, 406, 413, 415), with {@code errors} naming the field where there is
 * one;</li>
 * <li>a multipart body that cannot be parsed and a query or form parameter that cannot be decoded are 400, a
 * wildcard {@code Content-Type} ({@code application/*}) is 415;</li>
 * <li>{@link AdminToken.UnauthorizedException} is 401 with {@code WWW-Authenticate: Bearer};</li>
 * <li>a database that is down is 503 with {@code Retry-After};</li>
 * <li>anything else is a 500 problem whose details are only in the log.</li>
 * </ul>
 * {@code instance} is always the request path as a relative URI reference. Validation problems are 400s titled "Invalid request" whose {@code errors} list holds one {@link FieldError} per
 * offending field, e.g. {@code items[0].quantity}.
 */
public abstract class StandardProblemHandler extends ResponseEntityExceptionHandler {

    /** The title of a 413. */
    static final String TOO_LARGE = "Request body too large";

    private static final Logger log = LoggerFactory.getLogger(StandardProblemHandler.class);

    /** One offending field (a body path such as {@code items[0].sku}, a parameter or a header) and what is wrong. */
    public record FieldError(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return asObject(invalid(ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        return asObject(invalid(ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new FieldError(
                        r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (ex.getMostSpecificCause() instanceof PayloadTooLargeException tooLarge) {
            return asObject(tooLarge(tooLarge)); // a chunked body over the limit surfaces while Jackson reads it
        }
        return asObject(invalid(List.of(unreadable(ex))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException e) {
        return respond(tooLarge(e));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String type = ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName();
        return asObject(invalid(List.of(new FieldError(name, "must be a valid " + type))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return asObject(invalid(List.of(new FieldError(ex.getParameterName(), "is required"))));
    }

    /** A required header is missing ({@link MissingRequestHeaderException}); other binding problems stay Spring's. */
    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            org.springframework.web.bind.ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            return asObject(invalid(List.of(new FieldError(missing.getHeaderName(), "is required"))));
        }
        return super.handleServletRequestBindingException(ex, headers, status, request);
    }

    /**
     * Every problem Spring MVC builds for a framework exception goes out as {@code application/problem+json}: a
     * preset Content-Type is not negotiated against {@code Accept}, so a client that accepts only {@code image/png}
     * (or sends an unparseable {@code Accept}) still learns what went wrong instead of getting an empty answer.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        if (body instanceof ProblemDetail problem) {
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            withInstance(problem);
        }
        return new ResponseEntity<>(body, problemHeaders, statusCode);
    }

    /**
     * Spring's request wrapper refuses a wildcard {@code Content-Type} ({@code application/*}) with an
     * {@link IllegalArgumentException} as soon as anything reads the headers to parse a body: that is the client's
     * 415, not a 500. Any other {@link IllegalArgumentException} stays unexpected.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> wildcardContentType(IllegalArgumentException e, HttpServletRequest request) {
        MediaType declared = declaredContentType(request);
        if (declared != null && (declared.isWildcardType() || declared.isWildcardSubtype())) {
            return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", "Content-Type '"
                    + request.getContentType() + "' is a wildcard; send the body's own media type, e.g. application/json");
        }
        return unexpected(e, request);
    }

    /** A multipart body that cannot be parsed (a size over the limit stays 413, Spring MVC's answer). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "the multipart body cannot be parsed");
    }

    /** Tomcat cannot decode a query or form parameter (e.g. {@code %C3%28}, not UTF-8). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request",
                "a query or form parameter cannot be decoded; percent-encode it as UTF-8");
    }

    @ExceptionHandler(AdminToken.UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(AdminToken.UnauthorizedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(withInstance(problemDetail(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage())));
    }

    /** The database is down or unreachable: nothing was changed, the request may be retried. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("database unavailable: {}", e.toString());
        return serviceUnavailable("The database is unavailable; nothing was changed. Retry later.");
    }

    /**
     * The database was busy or briefly away in the middle of the request (a lock wait or deadlock given up, a query
     * timeout, a lost connection): its transaction was rolled back, so nothing was changed and the request may be
     * retried, as a consumer retries the same failures ({@code TransientFailures}). A service's own handler for a
     * narrower case (order-producer's optimistic-lock conflict, a 409) still wins: the closest match is taken.
     */
    @ExceptionHandler({TransientDataAccessException.class, RecoverableDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseBusy(Exception e) {
        log.warn("database busy or briefly unavailable, request rolled back: {}", e.toString());
        return serviceUnavailable("The database was busy or briefly unavailable; nothing was changed. Retry later.");
    }

    /**
     * The database's answer to a commit was lost and {@code tx_state} could not say whether it was made: a 503, but one
     * that does not claim nothing was changed.
     */
    @ExceptionHandler(CommitOutcomeUnknownException.class)
    ResponseEntity<ProblemDetail> commitOutcomeUnknown(CommitOutcomeUnknownException e) {
        log.warn("request outcome unknown: {}", e.getMessage());
        return serviceUnavailable("The database did not confirm the change and cannot say yet whether it was made. "
                + "Look before you retry (or retry with the same Idempotency-Key).");
    }

    /**
     * A transactional publish could not begin (the broker did not take the half message, or a check-back had already
     * rolled it back): nothing was changed, the request may be retried.
     */
    @ExceptionHandler(EventPublishingUnavailableException.class)
    ResponseEntity<ProblemDetail> publishingUnavailable(EventPublishingUnavailableException e) {
        log.warn("request refused, message broker unavailable: {}", e.getMessage());
        return serviceUnavailable("The message broker is unavailable; nothing was changed. Retry later.");
    }

    /** Anything unforeseen: still a problem document, with the details only in the log. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure method={} uri={}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The request failed unexpectedly; it was logged. Retry later or contact the operators.");
    }

    private static MediaType declaredContentType(HttpServletRequest request) {
        try {
            return request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException unparseable) {
            return null;
        }
    }

    static ProblemDetail tooLarge(PayloadTooLargeException e) {
        return problemDetail(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, e.getMessage());
    }

    /** A 400 "Invalid request" whose {@code detail} joins the errors and whose {@code errors} lists them. */
    protected static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A 400 naming one field. */
    protected static ResponseEntity<ProblemDetail> invalidField(String field, String message) {
        return respond(invalid(List.of(new FieldError(field, message))));
    }

    /** A problem with that status, title and detail, sent as {@code application/problem+json}. */
    protected static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        return respond(problemDetail(status, title, detail));
    }

    /** 503 with {@code Retry-After: 5}: nothing was changed and the same request may simply be sent again. */
    protected static ResponseEntity<ProblemDetail> serviceUnavailable(String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(withInstance(problemDetail(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail)));
    }

    /** The problem with its own status, as {@code application/problem+json} whatever the client accepts. */
    protected static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(withInstance(problem));
    }

    /**
     * Sets {@code instance} to the request's path, as a relative URI reference. Set here rather than left to Spring
     * MVC, which fails with a 500 on a path that is not a valid reference by itself ({@code //} reads as an empty
     * authority).
     */
    private static ProblemDetail withInstance(ProblemDetail problem) {
        if (problem.getInstance() == null
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            problem.setInstance(instance(attributes.getRequest().getRequestURI()));
        }
        return problem;
    }

    /** The path as a relative reference: {@code /.//x} for {@code //x}, {@code /} if it is not a reference at all. */
    static URI instance(String path) {
        String reference = path.startsWith("//") ? "/." + path : path;
        try {
            return URI.create(reference);
        } catch (IllegalArgumentException notAReference) {
            return URI.create("/");
        }
    }

    protected static ProblemDetail problemDetail(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<Object> asObject(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(withInstance(problem));
    }

    /**
     * Names the field Jackson choked on (e.g. {@code items[2].quantity}), or {@code body} for a body that is not JSON
     * at all, is empty, or cannot be read in its declared charset.
     */
    static FieldError unreadable(HttpMessageNotReadableException ex) {
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
        return new FieldError("body", "is missing or not a valid JSON object for this request");
    }
}
