package io.txorders.messaging.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code txorders.web.max-request-body} (default 64 KB) with
 * {@code 413 application/problem+json}: up front when {@code Content-Length} says so, and while reading when the body
 * is chunked ({@link PayloadTooLargeException}, answered by {@link StandardProblemHandler}, or by
 * {@link ProblemErrorController} when a filter was reading).
 *
 * <p>Registered at {@link #ORDER}, before every filter that reads a body (Spring's {@code FormContentFilter} reads a
 * whole form body of a PUT, PATCH or DELETE into memory) and before any controller looks at an admin token: without
 * it, one anonymous request could fill the heap of any service.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** After the HTTP observation filter (a refusal is still measured), before {@code FormContentFilter} (-9900). */
    public static final int ORDER = -9950;

    private final long maxBodyBytes;

    public RequestBodyLimitFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", StandardProblemHandler.TOO_LARGE);
            body.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
            body.put("detail", new PayloadTooLargeException(maxBodyBytes).getMessage());
            body.put("instance", StandardProblemHandler.instance(request.getRequestURI()).toString());
            JsonMapper.shared().writeValue(response.getOutputStream(), body);
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBodyBytes), response);
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBodyBytes;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long maxBodyBytes) {
            super(request);
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedStream(super.getInputStream(), maxBodyBytes);
            }
            return limited;
        }

        /** The body as text, through the same limit. */
        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long maxBodyBytes;
        private long read;

        LimitedStream(ServletInputStream in, long maxBodyBytes) {
            this.in = in;
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBodyBytes) {
                throw new PayloadTooLargeException(maxBodyBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
