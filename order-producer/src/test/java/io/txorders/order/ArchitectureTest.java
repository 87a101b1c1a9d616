package io.txorders.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** RocketMQ and MyBatis types stay in their adapter packages; the domain holds the state rules. */
@AnalyzeClasses(packages = "io.txorders.order", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainIsFreeOfBrokerAndPersistenceTypes = noClasses()
            .that().resideInAnyPackage("..order.order..", "..order.txstate..", "..order.webhook..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.rocketmq..", "org.apache.ibatis..",
                    "org.mybatis..");

    @ArchTest
    static final ArchRule rocketMqOnlyInMessaging = noClasses()
            .that().resideOutsideOfPackage("..order.messaging..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.rocketmq..");

    @ArchTest
    static final ArchRule myBatisOnlyInPersistence = noClasses()
            .that().resideOutsideOfPackage("..order.persistence..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.ibatis..", "org.mybatis..");

    @ArchTest
    static final ArchRule webDoesNotReachIntoAdapters = noClasses()
            .that().resideInAnyPackage("..order.web..")
            .should().dependOnClassesThat().resideInAnyPackage("..order.persistence..");
}
