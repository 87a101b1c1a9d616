package io.txorders.messaging.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.txorders.messaging.autoconfigure.TxordersMessagingAutoConfiguration;
import io.txorders.messaging.inbox.DeadLetterResubmission;
import io.txorders.messaging.inbox.DeadLetters;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** The shared admin API ({@link MessagingAdminController}) of a web service that has an inbox. */
@AutoConfiguration(after = {TxordersMessagingAutoConfiguration.class, WebProblemsAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AdminApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({DeadLetters.class, DeadLetterResubmission.class})
    MessagingAdminController messagingAdminController(AdminToken adminToken, DeadLetters deadLetters,
                                                      DeadLetterResubmission resubmission, MeterRegistry meters) {
        return new MessagingAdminController(adminToken, deadLetters, resubmission, meters);
    }
}
