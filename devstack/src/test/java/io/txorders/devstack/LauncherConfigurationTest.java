package io.txorders.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherConfigurationTest {

    @Test
    void springPropertiesAndFlagsAreSeparated() {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--fresh", "--order.payment-timeout=30s",
                "--state-dir=/srv/txorders-x"});

        assertThat(options.fresh()).isTrue();
        assertThat(options.springArgs()).containsExactly("--order.payment-timeout=30s");
        assertThat(options.stateDir()).hasToString("/srv/txorders-x");
        assertThat(options.help()).isFalse();
    }

    @Test
    void aStateDirectoryInTheTempDirectoryIsRefusedBeforeAnythingStartsBecauseItsDatabasesWouldBeWipedOnRestart() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path inTmp = tmp.resolve("txorders-state");

        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--state-dir=" + inTmp}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state directory " + inTmp)
                .hasMessageContaining("deletes its databases every time it starts")
                .hasMessageContaining("Choose a directory outside it");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--fresh", "--state-dir=" + tmp}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LaunchOptions.parse(new String[] {"--help", "--state-dir=" + inTmp}).help()).isTrue();
    }

    @Test
    void theRuleIsMariaDb4jsOwnWhereverTheTempDirectoryIs() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();

        assertThat(EmbeddedMariaDb.wipesDataOnStart(tmp.resolve("a").resolve("b"))).isTrue();
        assertThat(EmbeddedMariaDb.wipesDataOnStart(Path.of("/srv/txorders-state"))).isFalse();
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"fresh"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkBackTimingComesFromTheEnvironmentWithDefaultsThatOutliveARestart() {
        CheckBackTiming timing = CheckBackTiming.fromEnvironment(Map.of("TXORDERS_CHECK_FIRST_AFTER", "6s",
                "TXORDERS_CHECK_INTERVAL", "500ms"));

        assertThat(timing.firstCheckAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(timing.checkInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(timing.maxChecks()).isEqualTo(60);
        assertThat(CheckBackTiming.fromEnvironment(Map.of())).isEqualTo(CheckBackTiming.runLocal());
        // The platform takes 70-85 s to come back on 2 cores: the broker must still be asking after that.
        assertThat(CheckBackTiming.runLocal().window()).isGreaterThan(Duration.ofMinutes(4));
        assertThatThrownBy(() -> CheckBackTiming.fromEnvironment(Map.of("TXORDERS_CHECK_INTERVAL", "2x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
