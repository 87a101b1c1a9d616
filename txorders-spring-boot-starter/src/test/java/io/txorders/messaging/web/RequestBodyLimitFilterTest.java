package io.txorders.messaging.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The limit holds however the body is announced or read. */
class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(16);

    @Test
    void aDeclaredLengthOverTheLimitIsA413ProblemAndTheChainNeverRuns() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/stock/SKU-1");
        request.setContent(new byte[17]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"instance\":\"/stock/SKU-1\"", "larger than 16 bytes");
        assertThat(chain.getRequest()).isNull();
    }

    /** A chunked body has no declared length: the limit is met while reading, as bytes or as text. */
    @Test
    void anUndeclaredBodyOverTheLimitFailsWhileReadAsBytesOrAsText() throws Exception {
        assertThatThrownBy(() -> passedOn(chunked("x".repeat(17))).getInputStream().readAllBytes())
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> {
            try (BufferedReader reader = passedOn(chunked("x".repeat(17))).getReader()) {
                reader.readLine();
            }
        }).isInstanceOf(PayloadTooLargeException.class);
        assertThat(passedOn(chunked("x".repeat(16))).getReader().readLine()).hasSize(16);
    }

    private static MockHttpServletRequest chunked(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/stock/SKU-1") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        request.setCharacterEncoding("UTF-8");
        return request;
    }

    private HttpServletRequest passedOn(MockHttpServletRequest request) throws Exception {
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);
        return (HttpServletRequest) chain.getRequest();
    }
}
