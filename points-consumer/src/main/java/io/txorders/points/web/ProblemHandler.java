package io.txorders.points.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every failure as RFC 9457 {@code application/problem+json} (Spring MVC's standard mapping). */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
}
