package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.txorders.devstack.CheckBackTiming;
import io.txorders.lab.LabCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

/**
 * What {@code scripts/bench.sh}'s flags mean: their defaults, full and {@code --quick}, and their values. Help and
 * usage errors: {@code LabCommandLineTest}. Nothing here runs the benchmark: the command line is only parsed.
 */
class BenchmarkCommandTest {

    @Test
    void withoutOptionsAFullRunOnItsOwnEmbeddedPlatform() {
        Benchmark.Options options = parse();

        assertThat(options.quick()).isFalse();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.concurrency()).containsExactly(1, 4, 16, 32);
        assertThat(options.backlog()).isEqualTo(10000);
        assertThat(options.inDoubt()).isEqualTo(1000);
        assertThat(options.serviceWarmUp()).isEqualTo(Duration.ofSeconds(300));
        assertThat(options.warmUp().maximum()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.platform()).isEqualTo("embedded");
        assertThat(options.profile()).isFalse();
    }

    @Test
    void profileAddsTheProfiledWindowToAFullOrAQuickRun() {
        assertThat(parse("--profile").profile()).isTrue();
        assertThat(parse("--quick", "--profile").profile()).isTrue();
    }

    @Test
    void orderProducerPropertiesFollowTheBenchsPaymentTimeoutAsArgumentsOfTheEmbeddedService() {
        Benchmark.Options options = parse("--order-producer-property", "order.timeout-message=false",
                "--order-producer-property=order.timeout-sweep.interval=5s");

        assertThat(parse().orderProducerArgs()).containsExactly("--order.payment-timeout=6h");
        assertThat(options.orderProducerProperties())
                .containsExactly("order.timeout-message=false", "order.timeout-sweep.interval=5s");
        assertThat(options.orderProducerArgs()).containsExactly("--order.payment-timeout=6h",
                "--order.timeout-message=false", "--order.timeout-sweep.interval=5s");
    }

    @ParameterizedTest
    @CsvSource({"order.timeout-message", "=false", "--order.timeout-message=false"})
    void anOrderProducerPropertyIsKeyEqualsValue(String property) {
        assertThatThrownBy(() -> parse("--order-producer-property", property)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--order-producer-property takes KEY=VALUE");
    }

    @ParameterizedTest
    @CsvSource({"order.payment-timeout=15m", "order.paymentTimeout=15m", "order.fault.switchable=false"})
    void aPropertyTheBenchSetsItselfIsAUsageError(String property) {
        assertThatThrownBy(() -> parse("--order-producer-property", property)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("the bench sets it");
    }

    @Test
    void theOpenLoopRunsAtHalfThePlatformsPeakUnlessALatencyRateIsGiven() {
        assertThat(parse().latencyRate(354.0)).isEqualTo(177.0);
        assertThat(parse("--latency-rate", "160").latencyRate(354.0)).isEqualTo(160.0);
        assertThat(parse("--quick", "--latency-rate=42.5").latencyRate(1000.0)).isEqualTo(42.5);
    }

    @Test
    void quickHasItsOwnDefaultsWhichOptionsStillOverride() {
        Benchmark.Options quick = parse("--quick");
        Benchmark.Options overridden = parse("--quick", "--backlog", "50", "--concurrency=2,8");

        assertThat(quick.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(quick.concurrency()).containsExactly(16);
        assertThat(quick.backlog()).isEqualTo(600);
        assertThat(quick.inDoubt()).isEqualTo(100);
        assertThat(quick.serviceWarmUp()).isZero();
        assertThat(quick.warmUp().maximum()).isEqualTo(Duration.ofSeconds(10));
        assertThat(overridden.backlog()).isEqualTo(50);
        assertThat(overridden.concurrency()).containsExactly(2, 8);
        assertThat(overridden.inDoubt()).isEqualTo(100);
    }

    @Test
    void optionsMayBeWrittenWithAnEqualsSignOrAsTwoWordsAndSecondsStayABareNumber() {
        Benchmark.Options options = parse("--duration=30", "--in-doubt", "10", "--service-warm-up", "0",
                "--platform=running");

        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.inDoubt()).isEqualTo(10);
        assertThat(options.serviceWarmUp()).isZero();
        assertThat(options.platform()).isEqualTo("running");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            500ms | PT0.5S
            90s   | PT1M30S
            7d    | PT168H
            PT90S | PT1M30S
            """)
    void durationsReadAsTheServicesPropertiesAndTheLaunchersDo(String text, String expected) {
        assertThat(new SecondsConverter().convert(text)).isEqualTo(Duration.parse(expected));
        assertThat(parse("--duration", text).duration()).isEqualTo(Duration.parse(expected));
        assertThat(parse("--service-warm-up=" + text).serviceWarmUp()).isEqualTo(Duration.parse(expected));
        assertThat(CheckBackTiming.duration(text, null)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"ten minutes", "7x"})
    void anythingElseIsNotADuration(String text) {
        assertThatThrownBy(() -> new SecondsConverter().convert(text)).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> parse("--service-warm-up", text)).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--service-warm-up");
    }

    private static Benchmark.Options parse(String... args) {
        BenchmarkCommand command = new BenchmarkCommand();
        LabCommand.commandLine(command).parseArgs(args);
        return command.options();
    }
}
