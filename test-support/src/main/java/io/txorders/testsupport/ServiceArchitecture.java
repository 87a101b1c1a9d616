package io.txorders.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Arrays;

/**
 * The package rules of every txorders service (package by feature, adapters at the edge): RocketMQ types only in
 * {@code <base>.messaging}, MyBatis types only in {@code <base>.persistence}, the web layer never reaching into
 * persistence, and the domain packages, which hold the state rules, free of broker, persistence and web types
 * and of the service's own adapter packages.
 */
public final class ServiceArchitecture {

    private static final String[] BROKER = {"org.apache.rocketmq.."};
    private static final String[] PERSISTENCE = {"org.apache.ibatis..", "org.mybatis.."};

    private ServiceArchitecture() {
    }

    /**
     * Checks the main classes of {@code basePackage} (test classes excluded).
     *
     * @param basePackage e.g. {@code io.txorders.points}
     * @param domainPackages the feature packages under it that hold the domain, e.g. {@code points}
     * @throws AssertionError listing every violation
     */
    public static void check(String basePackage, String... domainPackages) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        String[] domain = Arrays.stream(domainPackages).map(p -> basePackage + "." + p + "..").toArray(String[]::new);
        String messaging = basePackage + ".messaging..";
        String persistence = basePackage + ".persistence..";
        String web = basePackage + ".web..";
        CompositeArchRule.of(noClasses().that().resideInAnyPackage(domain)
                        .should().dependOnClassesThat().resideInAnyPackage(concat(BROKER, PERSISTENCE))
                        .as("the domain uses no RocketMQ or MyBatis types"))
                .and(noClasses().that().resideInAnyPackage(domain)
                        .should().dependOnClassesThat().resideInAnyPackage(messaging, persistence, web,
                                "org.springframework.web..", "org.springframework.http..")
                        .as("the domain does not depend on its adapters or on the web"))
                .and(noClasses().that().resideOutsideOfPackage(messaging)
                        .should().dependOnClassesThat().resideInAnyPackage(BROKER)
                        .as("RocketMQ types stay in " + messaging))
                .and(noClasses().that().resideOutsideOfPackage(persistence)
                        .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE)
                        .as("MyBatis types stay in " + persistence))
                .and(noClasses().that().resideInAPackage(web)
                        .should().dependOnClassesThat().resideInAPackage(persistence)
                        .as("the web layer does not reach into persistence"))
                .check(classes);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
