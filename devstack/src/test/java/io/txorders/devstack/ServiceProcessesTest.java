package io.txorders.devstack;

import static io.txorders.devstack.ServiceProcesses.ANY_FREE_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.txorders.devstack.ServiceProcesses.Service;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one way the platform's services are started as processes (run-local, the lab, the end-to-end tests), against
 * stand-in services: a jar per service in {@code <repo>/<service>/target} whose {@link StandInService} answers
 * health like a service does.
 */
class ServiceProcessesTest {

    @TempDir
    Path repo;

    private ServiceProcesses services;

    @BeforeEach
    void buildStandInJars() throws Exception {
        for (String service : List.of("order-producer", "inventory-consumer")) {
            Path jar = ServiceProcess.jar(repo, service);
            Files.createDirectories(jar.getParent());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, StandInService.class.getName());
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses());
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(file,
                    manifest)) {
                // the manifest is the whole jar: the class comes from the test classes
            }
        }
        services = new ServiceProcesses(repo, 3316, "127.0.0.1:8081", repo.resolve("logs"))
                .stopGrace(Duration.ofSeconds(5));
    }

    @AfterEach
    void stopAll() {
        services.close();
    }

    @Test
    void startsEachServiceOnItsPortWithItsEnvironmentAndArgumentsAndWaitsUntilAllAreHealthy() throws Exception {
        int fixed = FreePorts.any();
        services.start(List.of(
                new Service("order-producer-3s", "order-producer", fixed, Map.of("TZ", "America/Adak"),
                        List.of("--order.payment-timeout=3s")),
                Service.of("inventory-consumer", ANY_FREE_PORT, Map.of("TZ", "America/St_Johns"), List.of())),
                Duration.ofMinutes(1));

        assertThat(services.all()).extracting(ServiceProcess::name)
                .containsExactly("order-producer-3s", "inventory-consumer");
        assertThat(services.get("order-producer-3s").port()).isEqualTo(fixed);
        assertThat(services.get("inventory-consumer").port()).isPositive().isNotEqualTo(fixed);
        assertThat(services.logFiles()).extracting(path -> path.getFileName().toString())
                .containsExactly("inventory-consumer.log", "order-producer-3s.log");
        awaitLog("order-producer-3s.log", "args --server.port=" + fixed + " --order.payment-timeout=3s");
        awaitLog("order-producer-3s.log", "TZ=America/Adak TXORDERS_DB_PORT=3316 ROCKETMQ_ENDPOINTS=127.0.0.1:8081");
        awaitLog("inventory-consumer.log", "TZ=America/St_Johns");
    }

    @Test
    void aKilledServiceRestartsOnItsOwnPortIntoANewLogAndTellsTheTimeline() throws Exception {
        int port = FreePorts.any();
        services.start(List.of(Service.of("order-producer", port, Map.of(), List.of("--order.fault.switchable=true"))),
                Duration.ofMinutes(1));
        ServiceProcess before = services.get("order-producer");
        List<String> timeline = new ArrayList<>();

        ServiceProcess after = services.killAndRestart("order-producer", timeline::add);

        assertThat(before.isAlive()).isFalse();
        assertThat(after.isAlive()).isTrue();
        assertThat(services.get("order-producer")).isSameAs(after);
        assertThat(after.port()).isEqualTo(port);
        assertThat(after.logFile().getFileName()).hasToString("order-producer-restart-1.log");
        assertThat(timeline).containsExactly("order-producer pid " + before.pid() + " killed with SIGKILL",
                "order-producer restarted as pid " + after.pid(), "restarted order-producer is healthy");
        awaitLog("order-producer-restart-1.log", "--order.fault.switchable=true");
    }

    @Test
    void aRestartStopsTheServiceAndStartsItWithMoreArgumentsOnAFreshFreePort() throws Exception {
        services.start(List.of(Service.of("inventory-consumer", ANY_FREE_PORT, Map.of(), List.of("--a=1"))),
                Duration.ofMinutes(1));
        ServiceProcess before = services.get("inventory-consumer");

        ServiceProcess after = services.restart("inventory-consumer", List.of("--inventory.consumer.mode=single"));

        assertThat(before.isAlive()).isFalse();
        assertThat(after.port()).isNotEqualTo(before.port());
        awaitLog("inventory-consumer-restart-1.log", "--a=1 --inventory.consumer.mode=single");
        services.close();
        assertThat(after.process().onExit()).succeedsWithin(Duration.ofSeconds(10));
        services.clearLogs();
        assertThat(services.logFiles()).isEmpty();
    }

    @Test
    void aServiceThatExitsDuringStartUpFailsTheWaitWithTheEndOfItsLog() throws IOException {
        services.start(Service.of("order-producer", ANY_FREE_PORT, Map.of(), List.of("--fail")));

        assertThatThrownBy(() -> services.awaitHealthy(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("order-producer exited during start-up (code 3)")
                .hasMessageContaining("APPLICATION FAILED TO START");
        assertThatThrownBy(() -> services.get("points-consumer")).hasMessageContaining("no service points-consumer");
    }

    private void awaitLog(String file, String text) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Files.readString(repo.resolve("logs").resolve(file), StandardCharsets.UTF_8)).contains(text));
    }

    private static String testClasses() throws Exception {
        return StandInService.class.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }
}
