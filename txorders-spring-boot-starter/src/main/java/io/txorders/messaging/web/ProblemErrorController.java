package io.txorders.messaging.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}) as {@code application/problem+json}, in place of Spring Boot's
 * {@code BasicErrorController} (JSON of another shape, or HTML): what fails outside Spring MVC's exception handling
 * still answers as every other error does — e.g. Tomcat refusing {@code TRACE} (405) or a filter's failure.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // Asked for directly: there is no error to report, and no such resource.
            return StandardProblemHandler.respond(StandardProblemHandler.problemDetail(HttpStatus.NOT_FOUND,
                    "Not Found", "No static resource error."));
        }
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail clientError = clientErrorOf(failure);
        if (clientError != null) {
            if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
                clientError.setInstance(StandardProblemHandler.instance(uri));
            }
            return StandardProblemHandler.respond(clientError);
        }
        String detail;
        if (status.is5xxServerError()) {
            log.error("request failed outside the MVC exception handlers uri={}",
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    failure instanceof Throwable t ? t : null);
            detail = "The request failed unexpectedly; it was logged. Retry later or contact the operators.";
        } else {
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            detail = message instanceof String text && !text.isBlank() ? text : status.getReasonPhrase();
        }
        ProblemDetail problem = StandardProblemHandler.problemDetail(status, status.getReasonPhrase(), detail);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            problem.setInstance(StandardProblemHandler.instance(uri));
        }
        return StandardProblemHandler.respond(problem);
    }

    /**
     * The client's fault behind a failure thrown by a filter, which no MVC exception handler sees and the container
     * reports as a 500: a body over the limit (413), or a body a filter could not read, such as a malformed form body
     * of a PUT, PATCH or DELETE that Spring's {@code FormContentFilter} parses (400). Null for anything else.
     */
    private static ProblemDetail clientErrorOf(Object failure) {
        Throwable first = failure instanceof Throwable t ? t : null;
        for (Throwable cause = first; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) { // wrapped or not, the size is the reason
                return StandardProblemHandler.tooLarge(tooLarge);
            }
        }
        for (Throwable cause = first; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpMessageNotReadableException unreadable) {
                return StandardProblemHandler.problemDetail(HttpStatus.BAD_REQUEST, "Invalid request",
                        "the request body cannot be read: " + unreadable.getMostSpecificCause().getMessage());
            }
        }
        return null;
    }
}
