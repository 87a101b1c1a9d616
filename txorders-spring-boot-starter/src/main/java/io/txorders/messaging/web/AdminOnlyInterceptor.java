package io.txorders.messaging.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request for an {@link AdminOnly} handler that does not carry the admin token, with
 * {@link AdminToken.UnauthorizedException} (a 401 problem from {@link StandardProblemHandler}). It runs once the
 * handler is chosen (what the path, method and media types alone decide, 404, 405, 415, comes first) and before its
 * arguments are resolved: a check in the handler's body came after Spring had read and validated the body and the
 * parameters, so an anonymous caller got 400s describing a valid request instead of a 401.
 */
public class AdminOnlyInterceptor implements HandlerInterceptor {

    private final AdminToken adminToken;

    public AdminOnlyInterceptor(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && isAdminOnly(method)) {
            adminToken.require(request.getHeader(HttpHeaders.AUTHORIZATION));
        }
        return true;
    }

    /** Whether the method, or its controller, is {@link AdminOnly}. */
    static boolean isAdminOnly(HandlerMethod method) {
        return method.hasMethodAnnotation(AdminOnly.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), AdminOnly.class);
    }
}
