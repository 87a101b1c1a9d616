package io.txorders.points.web;

import io.txorders.messaging.web.StandardProblemHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure as {@code application/problem+json}: points has no business exception of its own, so the mapping
 * every service shares ({@link StandardProblemHandler}) is all there is.
 */
@RestControllerAdvice
class ProblemHandler extends StandardProblemHandler {
}
