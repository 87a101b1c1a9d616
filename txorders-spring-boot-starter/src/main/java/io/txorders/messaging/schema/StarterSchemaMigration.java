package io.txorders.messaging.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the service's own schema, then the starter's tables ({@code inbox}, {@code dead_letter}, {@code tx_state},
 * {@code outbox}) from {@value #LOCATION}, in the same database and in the same start-up step, so every bean that
 * needs the database waits for both.
 *
 * <p>The starter's migrations have a history table of their own, {@value #HISTORY_TABLE}: their versions never collide
 * with the service's, and a service's deployed history is left exactly as it is (Flyway validates the checksum of
 * every applied migration, so taking these tables out of a service's migrations would fail every deployed database).
 * On a database that has tables but no starter history yet, the starter's history starts from a baseline at version 0,
 * so its version 1 still runs; it creates only the tables that are missing ({@code IF NOT EXISTS}), keeping those a
 * service made earlier with its own migrations. Later changes to these tables come as further versions here.
 *
 * <p>Failure semantics: a database that cannot be reached yet is waited for first ({@link DatabaseStartupWait});
 * a failed migration fails start-up like the service's own would (Flyway's exception).
 */
public class StarterSchemaMigration implements FlywayMigrationStrategy {

    /** Where the starter's migrations are. */
    public static final String LOCATION = "classpath:db/txorders";
    /** The starter's own Flyway history table. */
    public static final String HISTORY_TABLE = "txorders_schema_history";

    private static final Logger log = LoggerFactory.getLogger(StarterSchemaMigration.class);

    @Override
    public void migrate(Flyway service) {
        DatabaseStartupWait.await(service.getConfiguration().getDataSource());
        service.migrate();
        MigrateResult result = starterFlyway(service).migrate();
        if (result.migrationsExecuted > 0) {
            log.info("txorders starter tables migrated to version {} ({} migration(s), history {})",
                    result.targetSchemaVersion, result.migrationsExecuted, HISTORY_TABLE);
        }
    }

    /** The service's Flyway settings (data source, schemas, placeholders), with the starter's location and history. */
    static Flyway starterFlyway(Flyway service) {
        return Flyway.configure(service.getConfiguration().getClassLoader())
                .configuration(service.getConfiguration())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("tables made before the starter shipped them")
                .target("latest")
                .load();
    }
}
