package io.txorders.messaging.schema;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * The starter's tables for a service that uses Flyway ({@code spring-boot-starter-flyway}): Boot's Flyway start-up step
 * migrates the service's schema and then the starter's ({@link StarterSchemaMigration}). Off with
 * {@code txorders.schema.migrate=false} (the tables are then the service's to create, e.g. from
 * {@code db/txorders/V1__txorders_tables.sql} in this jar). Backs off when the service has a
 * {@link FlywayMigrationStrategy} of its own: call {@link StarterSchemaMigration#migrate} from it.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass({Flyway.class, FlywayMigrationStrategy.class})
@ConditionalOnBooleanProperty(name = "txorders.schema.migrate", matchIfMissing = true)
public class StarterSchemaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
    StarterSchemaMigration starterSchemaMigration() {
        return new StarterSchemaMigration();
    }
}
