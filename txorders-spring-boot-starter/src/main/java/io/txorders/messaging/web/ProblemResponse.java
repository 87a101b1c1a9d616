package io.txorders.messaging.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on a handler method, an error status that operation answers for a business reason (404 unknown order,
 * 409 illegal transition, …): {@link ProblemDocumentation} documents it as {@code application/problem+json} with the
 * problem schema (and {@code Retry-After} for a 503). The statuses every operation shares (400, 401, 406, 415, 500,
 * 503) are added for all operations and need no annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponse.List.class)
public @interface ProblemResponse {

    /** The HTTP status, e.g. 404. */
    int status();

    /** When it is answered, e.g. "no order with that number". */
    String description();

    /** The container of repeated {@link ProblemResponse}s. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ProblemResponse[] value();
    }
}
