package io.txorders.lab.bench;

import io.txorders.lab.LabCommand;
import io.txorders.lab.platform.PlatformChoice;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line of {@code scripts/bench.sh} ({@link Benchmark}). Defaults that depend on {@code --quick} are
 * resolved in {@link #options()}.
 */
@Command(name = "bench",
        customSynopsis = {"scripts/bench.sh [--quick] [--duration S] [--concurrency 1,4,16,32] [--backlog N] "
                + "[--in-doubt N]",
            "                        [--service-warm-up S] [--platform embedded|running] [--profile]",
            "                        [--order-producer-property KEY=VALUE]... [--latency-rate R]"},
        description = {"",
            "Measures, in one run: baselines without HTTP or Spring ((a) transactional send+commit, (b) the",
            "placement's DB transaction with the same SQL and pool size, (c) both in sequence, (d) (c) behind a",
            "minimal HTTP endpoint without a framework); placement over HTTP at each concurrency; placed ->",
            "RESERVED latency, open loop at half the peak rate from each order's intended start (HdrHistogram);",
            "the inventory consumer draining a backlog (spread SKUs, one hot SKU) against (e), the same messages",
            "received and acked by a bare SimpleConsumer, and (f), the same messages received, answered and the",
            "answers received by bare clients; replay (duplicates skipped per second); check-back resolution of N",
            "in-doubt transactions. Prints a table and writes target/bench/result.json.",
            "Each figure follows a warm-up that lasts until the rate stops improving (at most 60 s; 10 s with",
            "--quick) and says how much CPU each process spent per operation (the bench JVM hosts the broker).",
            "Before any figure the platform is warmed by placing orders until every service's JIT compiler is",
            "quiet (jvm.compilation.time growing by < 2 %% of wall time in two 15 s windows in a row): first at a",
            "light 25 orders/s (45 s to half the maximum), then at the highest concurrency (at least 30 s), in all",
            "for --service-warm-up seconds (300; 0 skips it, the default with --quick) and the window then running.",
            "Then (not with --quick) the ratios again from series side by side: 3 rounds of (c), (d), placement with",
            "the consumers stopped and the whole platform, half of --duration each; the medians of the rounds'",
            "ratios are ratios.*_side_by_side (a series moves by tens of per cent between minutes on a shared VM).",
            "--quick: under 5 minutes (concurrency 16 only, 5 s per series, backlog 600, 100 in doubt).",
            "--platform embedded (default) starts its own platform; running uses one started with",
            "scripts/run-local.sh --order.fault.switchable=true (it writes benchmark data into it).",
            "--profile: one more window at the highest concurrency of (d), of the whole-platform placement and of",
            "placement with the consumers stopped, and the 100-SKU drain, with async-profiler attached to every JVM:",
            "CPU ms per order (per message) by component (the platform's own code, the RocketMQ client, the broker,",
            "the JDBC stack, the HTTP stack, logging, JIT, ...), what placement with the consumers stopped spends more",
            "than (d) by component, and collapsed stacks in target/bench/profile/. The drain's own figures then",
            "carry the profiler.",
            ""})
final class BenchmarkCommand extends LabCommand {

    /** order-producer's properties the embedded platform sets itself, as keys without dashes. */
    private static final Set<String> SET_BY_THE_BENCH = Set.of("order.paymenttimeout", "order.fault.switchable");

    @Option(names = "--quick", description = "Under 5 minutes: concurrency 16 only, 5 s per series, backlog 600, "
            + "100 in doubt, no service warm-up.")
    boolean quick;

    @Option(names = "--duration", paramLabel = "S", converter = SecondsConverter.class,
            description = "Seconds per series (20; 5 with --quick).")
    Duration duration;

    @Option(names = "--concurrency", paramLabel = "N", split = ",",
            description = "Concurrency levels of each series (1,4,16,32; 16 with --quick).")
    List<Integer> concurrency;

    @Option(names = "--backlog", paramLabel = "N", description = "Messages of each drain (10000; 600 with --quick).")
    Integer backlog;

    @Option(names = "--in-doubt", paramLabel = "N",
            description = "In-doubt transactions the check-back resolves (1000; 100 with --quick).")
    Integer inDoubt;

    @Option(names = "--service-warm-up", paramLabel = "S", converter = SecondsConverter.class,
            description = "At most this many seconds of warming the services (300; 0 with --quick: none).")
    Duration serviceWarmUp;

    @Option(names = "--profile", description = "Also profile one window each of (d), the whole-platform placement "
            + "and placement with the consumers stopped, and the 100-SKU drain (async-profiler): CPU per order by "
            + "component, collapsed stacks in target/bench/profile/.")
    boolean profile;

    @Option(names = "--order-producer-property", paramLabel = "KEY=VALUE",
            description = "A Spring property for the embedded platform's order-producer, e.g. "
                    + "order.timeout-message=false: measure a configuration (repeatable; in result.json's options).")
    List<String> orderProducerProperties;

    @Option(names = "--latency-rate", paramLabel = "R",
            description = "Orders per second of the open-loop placed -> RESERVED series (default: half the "
                    + "whole-platform peak of this run): compare configurations at the same load.")
    Double latencyRate;

    @Mixin
    PlatformChoice platform;

    /** The options, with the defaults of a full or a {@code --quick} run where none was given. */
    Benchmark.Options options() {
        // Warm until the rate stops improving: a fresh service JVM needs tens of seconds of load before its
        // JIT has caught up, and a figure taken earlier measures the compiler, not the platform.
        LoadRun.WarmUp warmUp = quick
                ? new LoadRun.WarmUp(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(10))
                : new LoadRun.WarmUp(Duration.ofSeconds(3), Duration.ofSeconds(9), Duration.ofSeconds(60));
        return new Benchmark.Options(quick, orElse(duration, Duration.ofSeconds(quick ? 5 : 20)), warmUp,
                orElse(concurrency, quick ? List.of(16) : List.of(1, 4, 16, 32)), orElse(backlog, quick ? 600 : 10000),
                orElse(inDoubt, quick ? 100 : 1000), orElse(serviceWarmUp, Duration.ofSeconds(quick ? 0 : 300)),
                platform.running() ? "running" : "embedded", profile, orderProducerProperties(), latencyRate());
    }

    private Double latencyRate() {
        if (latencyRate != null && !(latencyRate > 0 && Double.isFinite(latencyRate))) {
            throw usageError("--latency-rate must be positive and finite: " + latencyRate);
        }
        return latencyRate;
    }

    private List<String> orderProducerProperties() {
        List<String> properties = orElse(orderProducerProperties, List.of());
        for (String property : properties) {
            int equals = property.indexOf('=');
            if (equals <= 0 || property.startsWith("-")) {
                throw usageError("--order-producer-property takes KEY=VALUE, e.g. order.timeout-message=false: "
                        + property);
            }
            // Spring joins a repeated command-line property ("6h,15m"): a key the bench sets would not bind.
            String key = property.substring(0, equals).toLowerCase(Locale.ROOT).replace("-", "");
            if (SET_BY_THE_BENCH.contains(key)) {
                throw usageError("--order-producer-property cannot set " + property.substring(0, equals)
                        + ": the bench sets it (order.payment-timeout=" + Benchmark.PAYMENT_TIMEOUT
                        + " outlasts the run, order.fault.switchable=true serves the check-back figure)");
            }
        }
        return List.copyOf(properties);
    }

    @Override
    public Integer call() {
        return Benchmark.run(options(), platform, env, out, err);
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
