package io.txorders.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.txorders.devstack.DevStack;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps rocketmq-docker/ from drifting away from the code: ports, environment variable names, topics, groups,
 * databases and the broker's check-back settings. Also runs {@code docker-compose config} (or
 * {@code docker compose config}) when such a tool is installed, which checks the file's syntax and references.
 */
class DeploymentConfigurationTest {

    private static final Path REPO = Path.of(System.getProperty("txorders.repo", "..")).toAbsolutePath().normalize();
    private static final Path DOCKER = REPO.resolve("rocketmq-docker");
    private static final Map<String, String> DATABASE_OF = Map.of("order-producer", "order_db",
            "inventory-consumer", "inventory_db", "points-consumer", "points_db");

    @Test
    void eachServiceIsPublishedOnItsOwnPortAndConfiguredOnlyWithVariablesItReads() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        for (String service : DATABASE_OF.keySet()) {
            Map<String, Object> definition = map(services.get(service));
            Map<String, Object> config = yaml(REPO.resolve(service).resolve("src/main/resources/application.yml"));
            int port = ((Number) map(config.get("server")).get("port")).intValue();

            assertThat(list(definition.get("ports"))).as(service).containsExactly(port + ":" + port);
            Map<String, Object> env = map(definition.get("environment"));
            for (String variable : env.keySet()) {
                assertThat(readBy(variable, config)).as("%s sets %s, which it does not read", service, variable).isTrue();
            }
            assertThat(env.get("ROCKETMQ_ENDPOINTS")).isEqualTo("proxy:8081");
            // Without the timeouts a statement on a database that stopped answering hangs until TCP gives up
            // (minutes), holding the scheduler thread every background loop shares.
            assertThat((String) env.get("SPRING_DATASOURCE_URL")).as(service)
                    .startsWith("jdbc:mysql://mysql:3306/" + DATABASE_OF.get(service) + "?")
                    .contains("connectTimeout=3000", "socketTimeout=30000");
            assertThat(map(map(definition.get("build")).get("args")).get("SERVICE")).isEqualTo(service);
        }
        assertThat(list(map(services.get("proxy")).get("ports"))).contains("8081:8081");
        assertThat(Files.readString(DOCKER.resolve("rocketmq/proxy.json"))).contains("\"grpcServerPort\": 8081",
                "\"proxyMode\": \"CLUSTER\"");
    }

    @Test
    void theInitScriptCreatesEveryTopicWithItsTypeAndEveryGroupTheServicesUse() throws IOException {
        String script = Files.readString(DOCKER.resolve("rocketmq/init-topics.sh"));
        for (Topic topic : Topic.values()) {
            assertThat(script).as(topic.topicName()).contains("topic " + topic.topicName() + " " + topic.kind().name());
        }
        String groupLoop = script.lines().filter(line -> line.startsWith("for g in")).findFirst().orElseThrow();
        for (ConsumerGroup group : ConsumerGroup.values()) {
            assertThat(groupLoop).contains(" " + group.groupName());
        }
        assertThat(script).contains("topic \"%DLQ%$g\" NORMAL", "group \"$g-dlq\" "
                + ConsumerGroup.DEAD_LETTER_CAPTURE_RETRY_MAX_TIMES);
        String sql = Files.readString(DOCKER.resolve("mysql/init.sql"));
        DevStack.DATABASES.forEach(database -> assertThat(sql).contains("CREATE DATABASE IF NOT EXISTS " + database)
                // README's reconcile settings for compose: one read-only account that reads every database.
                .contains("GRANT SELECT ON " + database + ".* TO 'reconcile'@'%';"));
    }

    /**
     * The alert that no order-producer is up selects by the application label order-producer puts on its metrics
     * (OrderProducerApplicationIT checks the series is exposed), never by a scrape job name nothing here defines.
     */
    @Test
    void theNoProducerAlertWatchesASeriesOrderProducerExposes() throws IOException {
        Map<String, Object> config = yaml(REPO.resolve("order-producer/src/main/resources/application.yml"));
        Object application = map(map(map(config.get("management")).get("metrics")).get("tags")).get("application");
        Map<String, Object> rule = list(map(list(yaml(DOCKER.resolve("prometheus/alerts.yml")).get("groups")).get(0))
                .get("rules")).stream().map(DeploymentConfigurationTest::map)
                .filter(each -> "TxordersNoProducerAnsweringCheckBacks".equals(each.get("alert")))
                .findFirst().orElseThrow();

        assertThat((String) rule.get("expr"))
                .isEqualTo("absent(process_uptime_seconds{application=\"" + application + "\"})");
    }

    /** A reconciliation that never ran writes no timestamp: the staleness alert must fire on the missing series too. */
    @Test
    void theStaleReconciliationAlertAlsoFiresWhenReconciliationNeverRan() throws IOException {
        Map<String, Object> rule = list(map(list(yaml(DOCKER.resolve("prometheus/alerts.yml")).get("groups")).get(0))
                .get("rules")).stream().map(DeploymentConfigurationTest::map)
                .filter(each -> "TxordersReconciliationStale".equals(each.get("alert")))
                .findFirst().orElseThrow();

        assertThat((String) rule.get("expr")).contains("absent(txorders_reconcile_last_run_timestamp_seconds)");
    }

    @Test
    void theBrokerSetsItsTransactionCheckBackExplicitly() throws IOException {
        String conf = Files.readString(DOCKER.resolve("rocketmq/broker.conf"));
        assertThat(conf).containsPattern("(?m)^transactionTimeOut=\\d+$")
                .containsPattern("(?m)^transactionCheckInterval=\\d+$")
                .containsPattern("(?m)^transactionCheckMax=\\d+$")
                .containsPattern("(?m)^useServerSideResetOffset=true$");
    }

    @Test
    void dockerComposeAcceptsTheFileWhereTheToolIsInstalled() throws Exception {
        java.util.Optional<Path> tool = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "docker-compose")).filter(Files::isExecutable).findFirst();
        if (tool.isEmpty()) {
            System.out.println("docker-compose not installed: only the structural checks ran (apt-get install "
                    + "docker-compose adds the syntax check)");
            return;
        }
        List<String> command = List.of(tool.get().toString(), "-f", DOCKER.resolve("docker-compose.yml").toString(),
                "config", "-q");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TXORDERS_ADMIN_TOKEN", "compose-config-check");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** A compose variable is read when application.yml references it or Spring binds it to a key the file has. */
    private static boolean readBy(String variable, Map<String, Object> config) throws IOException {
        if (variable.equals("JAVA_TOOL_OPTIONS") || variable.equals("SERVER_PORT")) {
            return true; // read by the JVM / by Spring Boot for server.port, which every service sets
        }
        if (variable.equals("TXORDERS_ADMIN_TOKEN")) {
            return map(config.get("txorders")).containsKey("admin-token");
        }
        String[] path = variable.toLowerCase(Locale.ROOT).split("_");
        Object node = config;
        for (int i = 0; i < path.length; i++) {
            if (!(node instanceof Map<?, ?> level)) {
                return false;
            }
            // Relaxed binding: SPRING_DATASOURCE_URL -> spring.datasource.url; the last segments may be joined
            // with dashes (ORDER_PAYMENT_TIMEOUT -> order.payment-timeout).
            String rest = String.join("-", java.util.Arrays.copyOfRange(path, i, path.length));
            if (level.containsKey(rest)) {
                return true;
            }
            node = level.get(path[i]);
        }
        return node != null;
    }

    private static Map<String, Object> compose() throws IOException {
        return yaml(DOCKER.resolve("docker-compose.yml"));
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        return map(new Yaml(options).load(Files.readString(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
