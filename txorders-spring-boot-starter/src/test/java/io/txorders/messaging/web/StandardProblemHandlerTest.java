package io.txorders.messaging.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import io.txorders.messaging.publish.CommitOutcomeUnknownException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;
import org.apache.tomcat.util.http.InvalidParameterException;

/**
 * The shared problem mapping against a stand-in controller: each framework refusal is its own 4xx as
 * {@code application/problem+json}, whatever the client accepts. The whole services are checked by
 * {@code e2e-tests/…/HostileRequestsIT}; this finds a regression in seconds.
 */
class StandardProblemHandlerTest {

    record Body(int available) {
    }

    @RestController
    static class StandIn {
        @PostMapping("/things")
        Body create(@RequestBody Body body) {
            return body;
        }

        @GetMapping("/things")
        String list(@RequestParam int limit, @RequestHeader(name = "Authorization", required = false) String auth) {
            new AdminToken("secret").require(auth);
            return "[]";
        }

        /** What the JDBC layer throws when the database is busy or briefly away mid-request. */
        @GetMapping("/busy")
        String busy(@RequestParam String what) {
            throw switch (what) {
                case "lock" -> new CannotAcquireLockException("Lock wait timeout exceeded");
                case "timeout" -> new QueryTimeoutException("Statement cancelled due to timeout");
                case "unknown" -> new CommitOutcomeUnknownException("commit went unanswered",
                        new RecoverableDataAccessException("Communications link failure during commit()"));
                default -> new RecoverableDataAccessException("Communications link failure");
            };
        }

        /** What DispatcherServlet and Tomcat throw for a broken multipart body and an undecodable parameter. */
        @GetMapping("/broken")
        String broken(@RequestParam String what) {
            throw what.equals("multipart") ? new MultipartException("Failed to parse multipart servlet request")
                    : new InvalidParameterException("Character decoding failed");
        }
    }

    @RestControllerAdvice
    static class Problems extends StandardProblemHandler {
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new StandIn())
            .setControllerAdvice(new Problems())
            .build();

    @Test
    void aWildcardContentTypeIs415NotA500() throws Exception {
        mvc.perform(post("/things").contentType("application/*").content("{\"available\":1}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.instance").value("/things"));
    }

    @Test
    void anUnreadableBodyIsA400NamingTheBody() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"available\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    @Test
    void aWrongTypeNamesTheField() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"available\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("available"));
    }

    @Test
    void aMissingOrIllTypedParameterIsA400NamingIt() throws Exception {
        mvc.perform(get("/things")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        mvc.perform(get("/things").param("limit", "abc")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    @Test
    void anUnparseableMultipartBodyOrUndecodableParameterIs400() throws Exception {
        for (String what : new String[] {"multipart", "parameter"}) {
            mvc.perform(get("/broken").param("what", what))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void aProblemIsSentEvenWhenAcceptExcludesIt() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).accept(MediaType.IMAGE_PNG)
                        .content("{\"available\":1}"))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(request(HttpMethod.DELETE, "/things").header("Accept", "%%%"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aDatabaseBusyOrBrieflyAwayIs503WithRetryAfterNot500() throws Exception {
        for (String what : new String[] {"lock", "timeout", "connection"}) {
            mvc.perform(get("/busy").param("what", what))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownIs503WithoutClaimingNothingChanged() throws Exception {
        mvc.perform(get("/busy").param("what", "unknown"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Look before you retry")));
    }

    @Test
    void aWrongAdminTokenIs401WithTheBearerChallenge() throws Exception {
        mvc.perform(get("/things").param("limit", "1").header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aPathThatIsNoReferenceByItselfStillGetsAnInstance() {
        // Spring's own URI.create("//") fails, which made a 500 of a request for "//".
        assertThat(StandardProblemHandler.instance("//")).hasToString("/.//");
        assertThat(StandardProblemHandler.instance("/orders/ORD-1")).hasToString("/orders/ORD-1");
    }
}
