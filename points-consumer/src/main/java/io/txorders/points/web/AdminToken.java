package io.txorders.points.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Checks {@code Authorization: Bearer …} against {@code TXORDERS_ADMIN_TOKEN}. With no token configured every
 * admin request is refused: there is no default secret.
 */
@Component
class AdminToken {

    private final byte[] expected;

    AdminToken(@Value("${txorders.admin-token:}") String token) {
        this.expected = token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws UnauthorizedException unless the header carries the admin token */
    void require(String authorization) {
        if (expected == null) {
            throw new UnauthorizedException("admin operations are disabled: TXORDERS_ADMIN_TOKEN is not set");
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new UnauthorizedException("an admin bearer token is required");
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new UnauthorizedException("the admin token is wrong");
        }
    }

    static class UnauthorizedException extends RuntimeException {
        UnauthorizedException(String message) {
            super(message);
        }
    }
}
