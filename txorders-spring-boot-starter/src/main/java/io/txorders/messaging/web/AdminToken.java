package io.txorders.messaging.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer …} against {@code TXORDERS_ADMIN_TOKEN} ({@code txorders.admin-token}). With no
 * token configured every admin request is refused: there is no default secret. Every service gets one from
 * {@link WebProblemsAutoConfiguration}; a refusal is a 401 problem ({@link StandardProblemHandler}).
 */
public class AdminToken {

    private final byte[] expected;

    /** @param token the configured token; blank means "admin operations are disabled" */
    public AdminToken(String token) {
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @throws UnauthorizedException unless the header carries the admin token
     */
    public void require(String authorization) {
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

    /** The request does not carry the admin token: answered 401 with {@code WWW-Authenticate: Bearer}. */
    public static class UnauthorizedException extends RuntimeException {
        public UnauthorizedException(String message) {
            super(message);
        }
    }
}
