package io.txorders.messaging.web;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;

/**
 * What every service's HTTP edge shares, so no service keeps a copy: the {@link AdminToken} and its check of every
 * {@link AdminOnly} operation, the request body limit
 * ({@link RequestBodyLimitFilter}), problem+json for the
 * container's error page ({@link ProblemErrorController}) and for Tomcat's own refusals
 * ({@link ProblemErrorReportValve}), and the problem shape in the OpenAPI document.
 * A service with business exceptions adds its {@code @RestControllerAdvice} by extending
 * {@link StandardProblemHandler}; one without gets that mapping alone.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebProblemsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AdminToken adminToken(@Value("${txorders.admin-token:}") String token) {
        return new AdminToken(token);
    }

    /** Checks the admin token of every {@link AdminOnly} operation before Spring reads its request. */
    @Bean
    @ConditionalOnMissingBean
    AdminOnlyInterceptor adminOnlyInterceptor(AdminToken adminToken) {
        return new AdminOnlyInterceptor(adminToken);
    }

    @Bean
    WebMvcConfigurer adminOnlyRegistration(AdminOnlyInterceptor adminOnly) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(adminOnly);
            }
        };
    }

    /**
     * The shared mapping alone, for a service without business exceptions of its own; a service that has some
     * declares its own {@code @RestControllerAdvice} extending {@link StandardProblemHandler} instead.
     */
    @Bean
    @ConditionalOnMissingBean(StandardProblemHandler.class)
    StandardProblemHandler standardProblemHandler() {
        return new SharedProblemsOnly();
    }

    /** {@link StandardProblemHandler} with nothing added. */
    @RestControllerAdvice
    static final class SharedProblemsOnly extends StandardProblemHandler {
    }

    /**
     * The request body limit ({@code txorders.web.max-request-body}, default 64KB), at {@link RequestBodyLimitFilter#ORDER}:
     * before any filter or controller reads a body.
     */
    @Bean
    @ConditionalOnMissingBean(name = "requestBodyLimitFilter")
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${txorders.web.max-request-body:64KB}") String maxRequestBodySetting) {
        // Parsed here: converting @Value text to DataSize needs Boot's conversion service, which a context started
        // other than by SpringApplication does not have.
        DataSize maxRequestBody = DataSize.parse(maxRequestBodySetting.trim());
        if (maxRequestBody.toBytes() <= 0) {
            throw new IllegalArgumentException("txorders.web.max-request-body must be positive, was " + maxRequestBody);
        }
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxRequestBody.toBytes()));
        registration.setOrder(RequestBodyLimitFilter.ORDER);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** Tomcat: its host-level error report as problem+json. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrorReport {

        @Bean
        ProblemErrorReportValveInstaller problemErrorReportValve() {
            return new ProblemErrorReportValveInstaller();
        }
    }

    /** Runs last, so that it replaces the valve Spring Boot's own customizer adds to the host. */
    static final class ProblemErrorReportValveInstaller
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                var host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                if (host instanceof org.apache.catalina.core.StandardHost standardHost) {
                    standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
            });
        }
    }

    /**
     * Request bodies with a key given twice are refused (400), not read with the last value winning: a gateway or a
     * signature check that reads the first value would otherwise judge another request than the one served.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer")
    static class StrictJson {

        @Bean
        JsonMapperBuilderCustomizer strictDuplicateDetection() {
            return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        }
    }

    /** springdoc: the problem shape in every operation's documented responses. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    static class ProblemDocs {

        @Bean
        ProblemDocumentation problemDocumentation() {
            return new ProblemDocumentation();
        }
    }
}
