package io.txorders.messaging.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The dead-letter list's filters. A status no dead letter can have used to be passed to the query and answer an empty
 * list, which {@code scripts/dlq.sh list --status NWE} printed as "0 dead letter(s)".
 */
class MessagingAdminControllerTest {

    private final DeadLetters deadLetters = mock(DeadLetters.class);
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new MessagingAdminController(deadLetters,
                    mock(DeadLetterResubmission.class), new SimpleMeterRegistry()))
            .addInterceptors(new AdminOnlyInterceptor(new AdminToken("secret")))
            .setControllerAdvice(new Problems())
            .build();

    @RestControllerAdvice
    static class Problems extends StandardProblemHandler {
    }

    @Test
    void aStatusNoDeadLetterCanHaveIsABadRequestAndIsNotQueried() throws Exception {
        mvc.perform(get("/admin/dead-letters").param("status", "NWE").header("Authorization", "Bearer secret"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("status must be NEW or RESUBMITTED"));

        verify(deadLetters, never()).list(any(), anyInt());
    }

    /** The token is checked before the parameters: an anonymous caller learns nothing of what they must be. */
    @Test
    void withoutTheTokenEvenABadParameterIsA401AndNothingIsQueried() throws Exception {
        mvc.perform(get("/admin/dead-letters").param("limit", "abc").param("status", "NWE"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/admin/dead-letters").header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized());

        verify(deadLetters, never()).list(any(), anyInt());
    }

    @Test
    void aStatusInAnyCaseIsQueriedAsStored() throws Exception {
        mvc.perform(get("/admin/dead-letters").param("status", "resubmitted").header("Authorization", "Bearer secret"))
                .andExpect(status().isOk());

        verify(deadLetters).list("RESUBMITTED", 50);
    }
}
