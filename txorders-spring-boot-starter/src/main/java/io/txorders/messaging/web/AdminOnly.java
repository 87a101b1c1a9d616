package io.txorders.messaging.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An admin operation, on a handler method or on a controller (all its handler methods): the request must carry
 * {@code Authorization: Bearer <TXORDERS_ADMIN_TOKEN>} ({@link AdminToken}), or it is answered 401. Checked by
 * {@link AdminOnlyInterceptor} before Spring reads the body or converts and validates any parameter, so an anonymous
 * caller learns nothing of what the operation would accept. Documented in the OpenAPI document as the
 * {@code Authorization} header and the 401 answer ({@link ProblemDocumentation}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AdminOnly {
}
