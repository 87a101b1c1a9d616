package io.txorders.inventory.web;

import io.txorders.inventory.stock.UnknownSkuException;
import io.txorders.messaging.web.StandardProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The inventory service's own problems on top of the mapping every service shares ({@link StandardProblemHandler}),
 * all {@code application/problem+json}.
 */
@RestControllerAdvice
class StockProblemHandler extends StandardProblemHandler {

    @ExceptionHandler(UnknownSkuException.class)
    ResponseEntity<ProblemDetail> unknownSku(UnknownSkuException e) {
        return problem(HttpStatus.NOT_FOUND, "SKU not found", e.getMessage());
    }
}
