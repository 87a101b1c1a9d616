package io.txorders.lab.bench;

import io.txorders.lab.LabCommand;
import io.txorders.lab.platform.PlatformChoice;
import io.txorders.lab.platform.SimulatedPlatform;
import io.txorders.lab.checkback.CheckBackSimulation;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.txorders.cli.admin.AdminApi;
import io.txorders.cli.admin.ConsumerCounters;
import io.txorders.cli.admin.ServiceEndpoints;
import io.txorders.cli.replay.Replayer;
import io.txorders.devstack.RocketMqAdmin;
import io.txorders.messaging.contract.ConsumerGroup;
import io.txorders.messaging.contract.EventCodec;
import io.txorders.messaging.contract.EventIds;
import io.txorders.messaging.contract.EventType;
import io.txorders.messaging.contract.OrderCreated;
import io.txorders.messaging.contract.OrderLine;
import io.txorders.messaging.contract.Topic;
import io.txorders.messaging.database.UtcConnections;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.Transaction;
import org.apache.rocketmq.client.apis.producer.TransactionResolution;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/bench.sh}: what the platform costs, measured in one run on one machine against its own
 * baselines (see docs/benchmarks.md). Not a test: nothing here asserts a timing.
 */
public final class Benchmark {

    private static final String BENCH_TOPIC = "bench-tx";
    /** Baseline (e)'s consumer group: its own, so its offsets are independent of inventory's. */
    private static final String RAW_RECEIVE_GROUP = "bench-raw-receive";
    /** Baseline (f)'s groups and the topic of its answers, NORMAL and consumed by nobody else. */
    private static final String ANSWER_CHAIN_GROUP = "bench-answer-chain";
    private static final String ANSWER_TOPIC = "bench-answers";
    private static final String ANSWER_GROUP = "bench-answers";
    /** As inventory's batched consumer: inventory.consumer.batch-size and .receivers defaults. */
    private static final int RAW_RECEIVE_BATCH = 32;
    private static final int RAW_RECEIVE_THREADS = 4;
    /** Inventory's subscription on order-events (InventoryMessaging): the broker filters the same way for (e). */
    private static final String INVENTORY_TAGS = String.join("||", EventType.OrderCreated.tag(),
            EventType.OrderPaid.tag(), EventType.OrderCancelled.tag());
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final SimulatedPlatform platform;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final EventCodec codec = new EventCodec();
    private final Map<String, Object> result = new LinkedHashMap<>();
    /** Orders are placed through a minimal keep-alive client: see {@link KeepAliveHttpClient} for why. */
    private final KeepAliveHttpClient.PerThread orderClients;

    private Benchmark(SimulatedPlatform platform, PrintStream out) {
        this.platform = platform;
        this.out = out;
        this.orderClients = new KeepAliveHttpClient.PerThread(platform.orders());
    }

    record Options(boolean quick, Duration duration, LoadRun.WarmUp warmUp, List<Integer> concurrency, int backlog,
                   int inDoubt, Duration serviceWarmUp, String platform, boolean profile,
                   List<String> orderProducerProperties, Double latencyRate) {
        Options withWarmUpAtMost(Duration maximum) {
            return new Options(quick, duration, new LoadRun.WarmUp(warmUp.window(), warmUp.minimum(), maximum),
                    concurrency, backlog, inDoubt, serviceWarmUp, platform, profile, orderProducerProperties,
                    latencyRate);
        }

        /** The open-loop rate of placed → RESERVED: {@code --latency-rate}, or else half the whole-platform peak. */
        double latencyRate(double platformPeak) {
            return latencyRate == null ? platformPeak / 2 : latencyRate;
        }

        /** order-producer's arguments on the embedded platform: the bench's payment timeout, then the user's. */
        List<String> orderProducerArgs() {
            List<String> args = new ArrayList<>();
            args.add("--order.payment-timeout=" + PAYMENT_TIMEOUT);
            orderProducerProperties.forEach(property -> args.add("--" + property));
            return args;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * The embedded platform's payment timeout: longer than any run. With the default 15 minutes, the orders of the
     * warm-up time out (each a cancellation published, consumed and released) while the last figures are taken: in a
     * 21-minute run the single-message drains and the replay then ran beside tens of thousands of cancellations
     * (replay 42 duplicates/s against 700–970, "applied 26789" where nothing new was due).
     */
    static final String PAYMENT_TIMEOUT = "6h";

    /** Runs {@code scripts/bench.sh <args>} ({@link BenchmarkCommand}); returns its exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return LabCommand.execute(new BenchmarkCommand(), args, env, out, err);
    }

    static int run(Options options, PlatformChoice choice, Map<String, String> env, PrintStream out,
                   PrintStream err) {
        SimulatedPlatform platform;
        try {
            platform = choice.open(env, null, out, io.txorders.devstack.CheckBackTiming.development(),
                    options.orderProducerArgs());
            if (choice.running()) {
                out.println("bench: the running platform keeps its payment timeout: orders placed more than that before"
                        + " the end of the run are cancelled during it, and their cancellations load later figures");
                if (!options.orderProducerProperties().isEmpty()) {
                    out.println("bench: --order-producer-property is not applied to a running platform: "
                            + options.orderProducerProperties());
                }
            }
        } catch (Exception e) {
            err.println("bench: could not set up the platform: " + e.getMessage());
            return 2;
        }
        try (platform) {
            Benchmark benchmark = new Benchmark(platform, out);
            Path file;
            try (benchmark.orderClients) {
                file = benchmark.measure(options);
            }
            out.println("bench: results in " + file);
            return 0;
        } catch (Exception e) {
            err.println("bench: failed: " + e);
            e.printStackTrace(err);
            return 2;
        }
    }

    private Path measure(Options options) throws Exception {
        result.put("startedAt", Instant.now().toString());
        result.put("machine", machine());
        result.put("options", options);
        result.put("order_payment_timeout", options.platform().equals("running") ? "the running platform's"
                : PAYMENT_TIMEOUT);
        out.println(header());
        List<String> skus = stockSkus(100);
        String hotSku = skus.get(0);
        // First, so the broker and proxy in this JVM are as warm for the baselines as for the services' figures.
        if (!options.serviceWarmUp().isZero()) {
            result.put("service_warm_up", warmServices(skus, options.serviceWarmUp(),
                    options.concurrency().stream().max(Integer::compare).orElse(16)));
            awaitNoPendingOrders();
            awaitConsumersCaughtUp();
        }

        Map<String, Object> baselines = new LinkedHashMap<>();
        // --profile: one profiled window each of (d), the whole platform and placement with the consumers stopped.
        Map<String, ProfiledWindow> profiles = new LinkedHashMap<>();
        double peakC;
        double peakD;
        try (HikariDataSource pool = benchPool()) {
            prepareBaselines(pool);
        }
        try (HikariDataSource pool = benchPool();
             Producer producer = transactionalProducer(BENCH_TOPIC)) {
            // (a) and (b) warm the code (c) runs in this JVM, so they may settle for a shorter warm-up with --quick.
            Options parts = options.quick() ? options.withWarmUpAtMost(Duration.ofSeconds(6)) : options;
            baselines.put("a_tx_send_commit", series(parts, "(a) tx send+commit", () -> sendAndCommit(producer)));
            baselines.put("b_db_transaction", series(parts, "(b) placement DB transaction", () -> dbTransaction(pool)));
            LoadRun.Operation publish = halfSendDbCommit(producer, pool);
            List<LoadRun.Stats> c = series(options, "(c) half send + DB tx + commit", publish);
            baselines.put("c_send_db_commit", c);
            peakC = c.stream().mapToDouble(LoadRun.Stats::perSecond).max().orElse(0);
            // (d): the same publish behind a minimal HTTP endpoint, placed with the same client and bodies. This JVM is
            // warm from (c), so (d) settles for the shorter warm-up with --quick.
            try (MinimalPublishEndpoint endpoint = new MinimalPublishEndpoint(publish);
                 KeepAliveHttpClient.PerThread clients = new KeepAliveHttpClient.PerThread(endpoint.uri())) {
                LoadRun.Operation minimalHttp = minimalHttpPlacement(clients, skus);
                List<LoadRun.Stats> d = series(parts, "(d) (c) behind a minimal HTTP endpoint", minimalHttp);
                baselines.put("d_minimal_http", d);
                peakD = d.stream().mapToDouble(LoadRun.Stats::perSecond).max().orElse(0);
                if (options.profile()) {
                    profiles.put("d_minimal_http", profiledWindow(options, "(d) minimal HTTP", "d-minimal-http",
                            minimalHttp));
                }
            }
        }
        result.put("baselines", baselines);

        // The whole platform: every order is also consumed, reserved, answered and webhooked on the same cores.
        List<LoadRun.Stats> placement = series(options, "placement over HTTP", () -> place(skus));
        result.put("placement", placement);
        double peak = placement.stream().mapToDouble(LoadRun.Stats::perSecond).max().orElse(0);
        if (options.profile()) {
            profiles.put("placement", profiledWindow(options, "placement over HTTP", "placement", () -> place(skus)));
        }
        awaitNoPendingOrders(); // the placement runs leave a backlog
        // Like for like with (c), whose messages nobody consumes: the consumer groups are stopped on the broker
        // for this series, so the cores serve placement alone; the backlog is drained afterwards.
        List<LoadRun.Stats> producerOnly;
        try (RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
            producerOnly = withConsumersStopped(admin, () -> {
                List<LoadRun.Stats> stats = series(options, "placement, consumers stopped", () -> place(skus));
                if (options.profile()) {
                    profiles.put("consumers_stopped", profiledWindow(options, "placement, consumers stopped",
                            "consumers-stopped", () -> place(skus)));
                }
                return stats;
            });
        }
        result.put("placement_consumers_stopped", producerOnly);
        if (options.profile()) {
            result.put("profile", profileReport(profiles));
        }
        double producerPeak = producerOnly.stream().mapToDouble(LoadRun.Stats::perSecond).max().orElse(0);
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("placement_vs_baseline", round(producerPeak / peakC, 3));
        ratios.put("placement_consumers_stopped_peak_per_second", round(producerPeak, 1));
        ratios.put("baseline_c_peak_per_second", round(peakC, 1));
        ratios.put("placement_vs_minimal_http", round(producerPeak / peakD, 3));
        ratios.put("baseline_d_peak_per_second", round(peakD, 1));
        ratios.put("platform_placement_vs_baseline", round(peak / peakC, 3));
        ratios.put("platform_placement_peak_per_second", round(peak, 1));
        result.put("ratios", ratios);

        out.println("draining the orders placed while consumers were stopped …");
        awaitNoPendingOrders();
        awaitConsumersCaughtUp();
        if (!options.quick()) {
            result.put("side_by_side", sideBySide(options, skus, ratios));
        }
        result.put("placed_to_reserved", placedToReserved(skus, options.latencyRate(peak), options.duration()));
        Map<String, Object> drain = new LinkedHashMap<>();
        Instant drainStart = Instant.now();
        drain.put("mode", "batch");
        Drain spread = drain(options.backlog(), skus, options.profile() ? profileDirectory().resolve("drain") : null);
        drain.put("spread_skus", spread.figures());
        // The webhook and points groups consume the drain's messages too: (e) waits for them, so it has the cores
        // to itself as the drain had them with those groups running.
        awaitConsumersCaughtUp();
        Map<String, Object> baselineE = rawReceive(spread, options.backlog());
        result.put("baseline_e", baselineE);
        compareDrain(spread, skus.size(), baselineE, "e", "raw_receive", "raw receive+ack", ratios);
        Map<String, Object> baselineF = rawAnswerChain(spread, options.backlog());
        result.put("baseline_f", baselineF);
        compareDrain(spread, skus.size(), baselineF, "f", "raw_answer_chain", "raw answer chain", ratios);
        Map<String, Object> hot = drain(options.backlog(), List.of(hotSku), null).figures();
        drain.put("hot_sku", hot);
        result.put("inventory_drain", drain);
        String replayMode = "batch";
        try {
            // The same backlog through the one-message-per-transaction path, for comparison (issue #8).
            out.println("restarting inventory-consumer with --inventory.consumer.mode=single …");
            platform.restartInventory(List.of("--inventory.consumer.mode=single"));
            replayMode = "single";
            Map<String, Object> single = new LinkedHashMap<>();
            single.put("mode", "single");
            if (!options.quick()) {
                single.put("spread_skus", drain(options.backlog(), skus, null).figures());
            }
            Map<String, Object> singleHot = drain(options.backlog(), List.of(hotSku), null).figures();
            single.put("hot_sku", singleHot);
            result.put("inventory_drain_single", single);
            double ratio = (double) hot.get("messages_per_second") / (double) singleHot.get("messages_per_second");
            ratios.put("hot_sku_batch_vs_single", round(ratio, 2));
            out.printf("hot-SKU drain: batch %.0f msg/s vs one message per transaction %.0f msg/s: %.1fx%n",
                    hot.get("messages_per_second"), singleHot.get("messages_per_second"), ratio);
        } catch (UnsupportedOperationException e) {
            out.println("bench: the running platform cannot restart inventory-consumer: no batch vs single comparison");
        }
        Map<String, Object> replay = replay(drainStart);
        replay.put("inventory_mode", replayMode);
        result.put("replay", replay);
        result.put("checkback", checkBack(options.inDoubt()));
        result.put("finishedAt", Instant.now().toString());
        result.put("took_seconds", Duration.between(Instant.parse((String) result.get("startedAt")), Instant.now())
                .toSeconds());

        Path file = benchDirectory().resolve("result.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON.writeValueAsString(result));
        out.printf("%nplacement peak (consumers stopped) %.0f/s vs baseline (c) peak %.0f/s: ratio %.2f"
                + " (whole platform %.0f/s: %.2f); vs (d) minimal HTTP %.0f/s: %.2f%n", producerPeak, peakC,
                producerPeak / peakC, peak, peak / peakC, peakD, producerPeak / peakD);
        return file;
    }

    /**
     * One more window of a series at the highest concurrency, right after the series (so as warm), with every JVM
     * profiled ({@code --profile}): where each process's CPU per operation goes, by component
     * ({@link CpuAttribution}). Its own window, so the profiler's overhead touches no figure of the series (the
     * 100-SKU drain, profiled too, carries it: see {@link #drain}).
     *
     * @param name what the window measures, for the printed rows
     * @param directoryName where under {@code target/bench/profile/} its collapsed stacks go, one file per process
     * @return {@code window} (its stats), {@code cpu_ms_per_operation_by_component}, the raw samples by process and
     *         component, and where the stacks are
     */
    private ProfiledWindow profiledWindow(Options options, String name, String directoryName,
                                          LoadRun.Operation operation) throws Exception {
        int threads = options.concurrency().stream().max(Integer::compare).orElse(16);
        Path directory = profileDirectory().resolve(directoryName);
        ProcessCpu cpu = new ProcessCpu(platform.processes());
        CpuProfiles profiles = CpuProfiles.start(cpu.processes(), directory, out);
        LoadRun.Stats stats;
        Map<String, Map<CpuAttribution.Component, Long>> samples;
        try {
            stats = LoadRun.run(threads, LoadRun.WarmUp.none(), options.duration(), operation, cpu);
        } finally {
            samples = profiles.stop();
        }
        out.println(stats.row(name + ", profiled"));
        out.println(cpuRow(stats));
        Map<String, Double> byComponent = CpuProfiles.msPerOperation(samples, stats.cpuMsPerOperation());
        printByComponent("CPU ms per operation by component (" + name + ", profiled window):", byComponent);
        return new ProfiledWindow(stats, byComponent, CpuProfiles.labelled(samples), directory);
    }

    /**
     * One profiled window ({@link #profiledWindow}): its figures, its CPU per operation by component, its samples by
     * profiled JVM and component, and where its collapsed stacks are.
     */
    private record ProfiledWindow(LoadRun.Stats window, Map<String, Double> byComponent,
                                  Map<String, Map<String, Long>> samples, Path stacks) {

        /** The JVMs the profiler was attached to for the whole window. */
        Set<String> jvms() {
            return samples.keySet();
        }

        /** As result.json reports it. */
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("window", window);
            json.put("cpu_ms_per_operation_by_component", byComponent);
            json.put("samples_by_process_and_component", samples);
            json.put("collapsed_stacks", stacks.toString());
            return json;
        }
    }

    /**
     * result.json's {@code profile}: the profiled windows by name, and where placement with the consumers stopped spends
     * more than (d), the same publish behind a plain servlet, per order and by component
     * ({@code consumers_stopped_minus_d_minimal_http}: what target 4's gap is made of). The difference is taken only
     * when both windows profiled the same JVMs, order-producer among them: (d) runs in the bench JVM and placement in
     * order-producer, so a service left unprofiled (a running platform, a profiler that could not attach) would count
     * (d)'s work and not placement's ({@code consumers_stopped_minus_d_minimal_http_not_taken} says why).
     */
    private Map<String, Object> profileReport(Map<String, ProfiledWindow> profiles) {
        Map<String, Object> report = new LinkedHashMap<>();
        profiles.forEach((name, window) -> report.put(name, window.json()));
        ProfiledWindow stopped = profiles.get("consumers_stopped");
        ProfiledWindow minimal = profiles.get("d_minimal_http");
        if (stopped == null || minimal == null) {
            return report;
        }
        CpuProfiles.differenceIfSameJvms(stopped.byComponent(), stopped.jvms(), minimal.byComponent(), minimal.jvms(),
                "order-producer").ifPresentOrElse(difference -> {
                    printByComponent("CPU ms per order, placement with the consumers stopped minus (d), by component:",
                            difference);
                    report.put("consumers_stopped_minus_d_minimal_http", difference);
                }, () -> {
                    String why = "the profiled JVMs differ or miss order-producer: consumers stopped "
                            + stopped.jvms() + ", (d) " + minimal.jvms();
                    out.println("no difference of the profiles taken: " + why);
                    report.put("consumers_stopped_minus_d_minimal_http_not_taken", why);
                });
        return report;
    }

    /** Where a run writes what it measured: {@code target/bench} of the repository. */
    private static Path benchDirectory() {
        return Path.of(System.getProperty("txorders.repo", ".")).resolve("target/bench");
    }

    private static Path profileDirectory() {
        return benchDirectory().resolve("profile");
    }

    private void printByComponent(String title, Map<String, Double> byComponent) {
        out.println(title);
        byComponent.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.printf("  %-55s %6.3f%n", e.getKey(), e.getValue()));
    }

    // ---- series ------------------------------------------------------------------------------------------

    private List<LoadRun.Stats> series(Options options, String name, LoadRun.Operation operation) throws Exception {
        List<LoadRun.Stats> runs = new ArrayList<>();
        for (int threads : options.concurrency()) {
            LoadRun.Stats stats = LoadRun.run(threads, options.warmUp(), options.duration(), operation,
                    new ProcessCpu(platform.processes()));
            out.println(stats.row(name));
            out.println(cpuRow(stats));
            runs.add(stats);
        }
        return runs;
    }

    private static String header() {
        return String.format("%-34s %7s %10s %9s %9s %9s %8s %7s %8s", "measurement", "threads", "ops/s", "p50 ms",
                "p95 ms", "p99 ms", "errors", "warm s", "cpu ms");
    }

    /** Where the CPU of one operation went, by process. */
    private static String cpuRow(LoadRun.Stats stats) {
        return cpuRow(stats.cpuMsPerOperation(), stats.busyCores());
    }

    /** Where the CPU of one operation went, by process ({@code busyCores} 0: not shown). */
    private static String cpuRow(Map<String, Double> cpuMsPerOperation, double busyCores) {
        StringBuilder row = new StringBuilder("    cpu ms/op:");
        cpuMsPerOperation.forEach((process, millis) -> {
            if (!process.equals("total")) {
                row.append(String.format(" %s %.2f", process, millis));
            }
        });
        if (cpuMsPerOperation.containsKey("total")) {
            row.append(String.format(" total %.2f", cpuMsPerOperation.get("total")));
        }
        return busyCores > 0 ? row.append(String.format("  (%.2f cores busy)", busyCores)).toString() : row.toString();
    }

    /**
     * Warms every JVM of the platform before any figure is taken, in two phases of 15 s windows: first open loop at
     * a light {@link #WARM_UP_LIGHT_RATE} orders/s ({@link CompilationSettled#lightPhaseOf}), so the JIT compilers
     * have cores to compile with, then closed loop at {@code threads} ({@link CompilationSettled#fullPhaseOf}) for
     * what only the full load compiles. Each phase ends when every service's JIT compiler is quiet in two windows in a
     * row ({@link CompilationSettled}: each service's {@code jvm.compilation.time} grew by less than 2 % of the window's
     * wall time), after its minimum and at the latest at the end of the window running when its maximum passes; both
     * together take {@code maximum}, plus up to one window.
     * It runs before the baselines, so the broker and proxy in this JVM are warm for them too.
     *
     * <p>Each window also records the compiler threads' CPU time by JVM ({@link CompilerCpu}, this JVM included),
     * which says what the compilers did rather than how long they took with the cores busy.
     *
     * @return every window's phase, rate, order-producer's CPU per order, each service's compilation growth (ms and
     *         share of wall time) and each JVM's compiler CPU, how long each phase took and why it stopped
     *         ({@code settled} or {@code maximum})
     */
    private Map<String, Object> warmServices(List<String> skus, Duration maximum, int threads) throws Exception {
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("order-producer", platform.orders());
        services.put("inventory-consumer", platform.inventory());
        services.put("points-consumer", platform.points());
        WarmUpWindows windows = new WarmUpWindows(new CompilationTime(http, services), new CompilerCpu(),
                new ProcessCpu(platform.processes()));
        CompilationSettled light = CompilationSettled.lightPhaseOf(maximum);
        out.printf("warming the platform: orders until every service's JIT compiler is quiet (compilation < %.0f %% of"
                + " wall time in %d windows in a row), first at %d orders/s (%d-%d s), then at %d threads (at most %d s"
                + " in all) …%n", light.maxShareOfWall() * 100, light.quietWindowsInARow(), WARM_UP_LIGHT_RATE,
                light.minimum().toSeconds(), light.maximum().toSeconds(), threads, maximum.toSeconds());
        long start = System.nanoTime();
        Map<String, Object> lightPhase = windows.phase("light", light, () -> {
            OpenLoop.Result<Boolean> run = OpenLoop.run(OpenLoop.Schedule.of(WARM_UP_LIGHT_RATE, WARM_UP_WINDOW), 8,
                    index -> place(skus) ? Boolean.TRUE : null);
            return run.completed().size();
        });
        Duration spent = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Object> fullPhase = windows.phase("full", CompilationSettled.fullPhaseOf(maximum, spent),
                () -> LoadRun.run(threads, LoadRun.WarmUp.none(), WARM_UP_WINDOW, () -> place(skus), null).ok());
        double seconds = round((System.nanoTime() - start) / 1e9, 1);
        boolean settled = "settled".equals(fullPhase.get("stopped"));
        out.printf("    platform warm after %.0f s: %s%n", seconds, settled ? "every compiler quiet"
                : "maximum reached, a compiler was still busy");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", seconds);
        result.put("stopped", settled ? "settled" : "maximum");
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("window_seconds", WARM_UP_WINDOW.toSeconds());
        rule.put("light_rate_per_second", WARM_UP_LIGHT_RATE);
        rule.put("maximum_seconds", maximum.toSeconds());
        rule.put("max_compilation_share_of_wall", light.maxShareOfWall());
        rule.put("quiet_windows_in_a_row", light.quietWindowsInARow());
        result.put("rule", rule);
        result.put("light", lightPhase);
        result.put("full", fullPhase);
        result.put("windows", windows.recorded);
        return result;
    }

    /** The service warm-up's light load, orders/s: see {@link CompilationSettled#lightPhaseOf}. */
    static final int WARM_UP_LIGHT_RATE = 25;
    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(15);

    /** The warm-up's windows of load, each measured for the compilers and recorded; see {@link #warmServices}. */
    private final class WarmUpWindows {

        private final CompilationTime compilation;
        private final CompilerCpu compilerCpu;
        private final ProcessCpu cpu;
        private final List<Map<String, Object>> recorded = new ArrayList<>();
        private final long start = System.nanoTime();

        WarmUpWindows(CompilationTime compilation, CompilerCpu compilerCpu, ProcessCpu cpu) {
            this.compilation = compilation;
            this.compilerCpu = compilerCpu;
            this.cpu = cpu;
        }

        /** A load window: places orders for one window and says how many were placed. */
        interface Load {
            long placeOrders() throws Exception;
        }

        /** Runs windows of {@code load} until {@code rule} says stop; returns how long it took and why it stopped. */
        Map<String, Object> phase(String name, CompilationSettled rule, Load load) throws Exception {
            List<CompilationSettled.Window> windows = new ArrayList<>();
            long phaseStart = System.nanoTime();
            CompilationSettled.Verdict verdict;
            while ((verdict = rule.verdict(windows, Duration.ofNanos(System.nanoTime() - phaseStart)))
                    == CompilationSettled.Verdict.GO_ON) {
                windows.add(window(name, rule, load));
            }
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("seconds", round((System.nanoTime() - phaseStart) / 1e9, 1));
            phase.put("minimum_seconds", rule.minimum().toSeconds());
            phase.put("maximum_seconds", rule.maximum().toSeconds());
            phase.put("stopped", verdict == CompilationSettled.Verdict.SETTLED ? "settled" : "maximum");
            return phase;
        }

        private CompilationSettled.Window window(String phase, CompilationSettled rule, Load load) throws Exception {
            Map<String, Double> compiledBefore = compilation.snapshot();
            Map<String, Map<Long, Double>> compilerBefore = compilerCpu.snapshot(cpu.processes());
            Map<String, Duration> cpuBefore = cpu.snapshot();
            long windowStart = System.nanoTime();
            long placed = load.placeOrders();
            Map<String, Double> compiledAfter = compilation.snapshot();
            Map<String, Map<Long, Double>> compilerAfter = compilerCpu.snapshot(cpu.processes());
            Map<String, Duration> cpuAfter = cpu.snapshot();
            long now = System.nanoTime();
            Duration wall = Duration.ofNanos(now - windowStart);
            CompilationSettled.Window window = CompilationSettled.Window.between(compiledBefore, compiledAfter, wall);
            double millis = ProcessCpu.perOperation(cpuBefore, cpuAfter, placed)
                    .getOrDefault("order-producer", Double.NaN);
            Map<String, Double> compilerMillis = CompilerCpu.grown(compilerBefore, compilerAfter);

            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("phase", phase);
            figures.put("ends_after_seconds", round((now - start) / 1e9, 1));
            double perSecond = placed / (wall.toNanos() / 1e9);
            Map<String, Double> shareOfWall = window.shareOfWall();
            figures.put("orders_per_second", round(perSecond, 1));
            figures.put("order_producer_cpu_ms_per_order", round(millis, 3));
            figures.put("compilation_ms", window.compilationMillis());
            Map<String, Object> shares = new LinkedHashMap<>();
            shareOfWall.forEach((service, share) -> shares.put(service, share == null ? null
                    : round(share, 4)));
            figures.put("compilation_share_of_wall", shares);
            Map<String, Object> compilerShares = new LinkedHashMap<>();
            compilerMillis.forEach((process, ms) -> compilerShares.put(process, round(ms / wall.toMillis(), 4)));
            figures.put("compiler_cpu_share_of_a_core", compilerShares);
            figures.put("quiet", window.quiet(rule.maxShareOfWall()));
            recorded.add(figures);

            StringBuilder line = new StringBuilder(String.format("    %-5s %5.0f orders/s, order-producer %.2f ms CPU"
                    + " per order; compilation, share of wall time:", phase, perSecond, millis));
            shareOfWall.forEach((service, share) -> line.append(share == null
                    ? String.format(" %s ?", service) : String.format(" %s %.1f %%", service, share * 100)));
            line.append("; compiler CPU, share of a core:");
            compilerMillis.forEach((process, ms) -> line.append(String.format(" %s %.1f %%", process,
                    ms / wall.toMillis() * 100)));
            out.println(line);
            return window;
        }
    }

    /**
     * The ratios again from series measured side by side ({@link SideBySide}): {@value #SIDE_BY_SIDE_ROUNDS} rounds of
     * one window each (half of {@code --duration}, after 2 s of ramp) of (c), (d), placement with the consumer groups
     * stopped, and the whole platform, at the highest concurrency; the consumers catch up before the whole-platform
     * window and after it, so every window starts with no backlog. The medians go into {@code ratios} as
     * {@code …_side_by_side}.
     *
     * @return the window, every round's rates and each ratio's median and per-round values
     */
    private Map<String, Object> sideBySide(Options options, List<String> skus, Map<String, Object> ratios)
            throws Exception {
        int threads = options.concurrency().stream().max(Integer::compare).orElse(16);
        Duration window = options.duration().dividedBy(2);
        LoadRun.WarmUp ramp = new LoadRun.WarmUp(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
        out.printf("side by side: %d rounds of (c), (d), consumers stopped and the whole platform, %.1f s each …%n",
                SIDE_BY_SIDE_ROUNDS, window.toMillis() / 1000.0);
        List<Map<String, Double>> rounds = new ArrayList<>();
        try (HikariDataSource pool = benchPool();
             Producer producer = transactionalProducer(BENCH_TOPIC);
             RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
            LoadRun.Operation publish = halfSendDbCommit(producer, pool);
            try (MinimalPublishEndpoint endpoint = new MinimalPublishEndpoint(publish);
                 KeepAliveHttpClient.PerThread clients = new KeepAliveHttpClient.PerThread(endpoint.uri())) {
                LoadRun.Operation minimalHttp = minimalHttpPlacement(clients, skus);
                for (int round = 1; round <= SIDE_BY_SIDE_ROUNDS; round++) {
                    rounds.add(sideBySideRound(round, threads, ramp, window, publish, minimalHttp, admin, skus));
                }
            }
        }
        SideBySide sideBySide = new SideBySide(rounds);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("window_seconds", window.toMillis() / 1000.0);
        figures.put("threads", threads);
        figures.put("rounds", rounds);
        Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("placement_vs_minimal_http", sideBySide.figures("consumers_stopped", "d"));
        medians.put("placement_vs_baseline", sideBySide.figures("consumers_stopped", "c"));
        medians.put("platform_placement_vs_baseline", sideBySide.figures("platform", "c"));
        medians.put("minimal_http_vs_baseline", sideBySide.figures("d", "c"));
        figures.put("ratios", medians);
        ratios.put("placement_vs_minimal_http_side_by_side", sideBySide.reported("consumers_stopped", "d"));
        ratios.put("placement_vs_baseline_side_by_side", sideBySide.reported("consumers_stopped", "c"));
        ratios.put("platform_placement_vs_baseline_side_by_side", sideBySide.reported("platform", "c"));
        out.printf("side by side, medians: consumers stopped / (d) %.2f, / (c) %.2f; whole platform / (c) %.2f%n",
                sideBySide.median("consumers_stopped", "d"), sideBySide.median("consumers_stopped", "c"),
                sideBySide.median("platform", "c"));
        return figures;
    }

    private static final int SIDE_BY_SIDE_ROUNDS = 3;

    /** One round of {@link #sideBySide}: each series' rate, by name, every window starting with no backlog. */
    private Map<String, Double> sideBySideRound(int round, int threads, LoadRun.WarmUp ramp, Duration window,
                                                LoadRun.Operation publish, LoadRun.Operation minimalHttp,
                                                RocketMqAdmin admin, List<String> skus) throws Exception {
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("c", LoadRun.run(threads, ramp, window, publish, null).perSecond());
        rates.put("d", LoadRun.run(threads, ramp, window, minimalHttp, null).perSecond());
        rates.put("consumers_stopped", withConsumersStopped(admin,
                () -> LoadRun.run(threads, ramp, window, () -> place(skus), null).perSecond()));
        awaitNoPendingOrders();
        awaitConsumersCaughtUp();
        rates.put("platform", LoadRun.run(threads, ramp, window, () -> place(skus), null).perSecond());
        awaitNoPendingOrders();
        awaitConsumersCaughtUp();
        out.printf("    round %d: (c) %.0f/s, (d) %.0f/s, consumers stopped %.0f/s, whole platform %.0f/s%n",
                round, rates.get("c"), rates.get("d"), rates.get("consumers_stopped"), rates.get("platform"));
        return rates;
    }

    /** Baseline (d)'s operation: a placement body POSTed to the minimal endpoint, which answers 201. */
    private static LoadRun.Operation minimalHttpPlacement(KeepAliveHttpClient.PerThread clients, List<String> skus) {
        return () -> clients.get().send("POST", "/orders", orderJson(skus)).status() == 201;
    }

    /** Baseline (c): a half message, the placement's DB transaction, the commit. */
    private LoadRun.Operation halfSendDbCommit(Producer producer, HikariDataSource pool) {
        return () -> {
            Transaction tx = producer.beginTransaction();
            producer.send(benchMessage(), tx);
            dbTransaction(pool);
            tx.commit();
            return true;
        };
    }

    // ---- baselines ---------------------------------------------------------------------------------------

    private HikariDataSource benchPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(platform.jdbcUrl("bench_db") + "?useSSL=false&allowPublicKeyRetrieval=true"
                + "&rewriteBatchedStatements=true&createDatabaseIfNotExist=true");
        config.setUsername(platform.dbUser());
        config.setPassword(platform.dbPassword());
        config.setMaximumPoolSize(16); // as the services' pools
        config.setConnectionTimeout(3000);
        // The driver settings of the services' pools (spring.datasource.hikari.data-source-properties), so (b)
        // and (c) run the statements the way order-producer does.
        Map.of("cachePrepStmts", "true", "prepStmtCacheSize", "250", "prepStmtCacheSqlLimit", "2048",
                "useLocalSessionState", "true", "cacheServerConfiguration", "true", "elideSetAutoCommits", "true",
                "maintainTimeStats", "false").forEach(config::addDataSourceProperty);
        UtcConnections.PROPERTIES.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    /** bench_db gets copies of order_db's tables, so the baseline runs the same statements on the same schema. */
    private void prepareBaselines(HikariDataSource pool) throws Exception {
        try (Connection db = pool.getConnection(); Statement sql = db.createStatement()) {
            for (String table : List.of("tx_state", "orders", "order_item")) {
                sql.execute("DROP TABLE IF EXISTS bench_db." + table);
                sql.execute("CREATE TABLE bench_db." + table + " LIKE order_db." + table);
            }
        }
        try (RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
            admin.createTopic(BENCH_TOPIC, "TRANSACTION", 4);
            // Now, so it is routable by the time (f) builds its producer.
            admin.createTopic(ANSWER_TOPIC, "NORMAL", 4);
        }
    }

    /**
     * A transactional producer for the topic. A topic created a moment ago may not be routable yet ("no topic
     * route info"): building is retried until it is, for at most 30 s, rather than waiting a fixed time.
     */
    private Producer transactionalProducer(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return buildTransactionalProducer(topic);
            } catch (IllegalStateException | org.apache.rocketmq.client.apis.ClientException notRoutableYet) {
                if (System.nanoTime() > deadline) {
                    throw notRoutableYet;
                }
                out.println("bench: " + topic + " not routable yet, retrying: " + notRoutableYet.getMessage());
            }
        }
    }

    private Producer buildTransactionalProducer(String topic) throws Exception {
        return ClientServiceProvider.loadService().newProducerBuilder()
                .setClientConfiguration(RawReceive.configuration(platform.rocketMqEndpoint()))
                .setTopics(topic)
                .setTransactionChecker(message -> TransactionResolution.COMMIT)
                .build();
    }

    private Message benchMessage() {
        OrderCreated event = orderCreated(List.of("BENCH"));
        return ClientServiceProvider.loadService().newMessageBuilder().setTopic(BENCH_TOPIC)
                .setTag(event.type().tag()).setKeys(event.eventId().toString(), event.orderNo())
                .setBody(codec.encode(event)).build();
    }

    private boolean sendAndCommit(Producer producer) throws Exception {
        Transaction tx = producer.beginTransaction();
        producer.send(benchMessage(), tx);
        tx.commit();
        return true;
    }

    /** The statements of OrderService.place: tx_state row first, then the order and its item, one commit. */
    private static boolean dbTransaction(HikariDataSource pool) throws Exception {
        String orderNo = UUID.randomUUID().toString().replace("-", "").substring(0, 26).toUpperCase();
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection db = pool.getConnection()) {
            db.setAutoCommit(false);
            try (PreparedStatement state = db.prepareStatement("INSERT INTO bench_db.tx_state (tx_id, order_no, "
                    + "event_type, state, check_count, created_at) VALUES (?, ?, 'OrderCreated', 'COMMITTED', 0, ?)");
                 PreparedStatement order = db.prepareStatement("INSERT INTO bench_db.orders (order_no, user_id, "
                         + "status, total_amount, cancel_reason, payment_deadline, client_request_id, request_hash, "
                         + "version, created_at, updated_at) VALUES (?, ?, 'PENDING', ?, NULL, ?, NULL, NULL, 0, ?, ?)");
                 PreparedStatement item = db.prepareStatement("INSERT INTO bench_db.order_item (order_no, sku, "
                         + "quantity, unit_price) VALUES (?, ?, ?, ?)")) {
                state.setString(1, EventIds.newId().toString());
                state.setString(2, orderNo);
                state.setTimestamp(3, now);
                state.executeUpdate();
                order.setString(1, orderNo);
                order.setLong(2, 1);
                order.setBigDecimal(3, new BigDecimal("10.00"));
                order.setTimestamp(4, Timestamp.from(Instant.now().plusSeconds(900)));
                order.setTimestamp(5, now);
                order.setTimestamp(6, now);
                order.executeUpdate();
                item.setString(1, orderNo);
                item.setString(2, "BENCH");
                item.setInt(3, 1);
                item.setBigDecimal(4, new BigDecimal("10.00"));
                item.executeUpdate();
                db.commit();
                return true;
            } catch (Exception e) {
                db.rollback();
                throw e;
            }
        }
    }

    // ---- the platform ------------------------------------------------------------------------------------

    private List<String> stockSkus(int count) throws Exception {
        List<String> skus = new ArrayList<>();
        String prefix = "BENCH-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
        for (int i = 0; i < count; i++) {
            String sku = prefix + i;
            send("PUT", platform.inventory(), "/stock/" + sku, "{\"available\":100000000}");
            skus.add(sku);
        }
        return skus;
    }

    private boolean place(List<String> skus) throws Exception {
        return orderClients.get().send("POST", "/orders", orderJson(skus)).status() == 201;
    }

    /** A placement body: one item of a random SKU, a random user, no Idempotency-Key. */
    private static String orderJson(List<String> skus) {
        String sku = skus.get(ThreadLocalRandom.current().nextInt(skus.size()));
        return "{\"userId\":" + ThreadLocalRandom.current().nextInt(1, 100_000) + ",\"items\":[{\"sku\":\"" + sku
                + "\",\"quantity\":1,\"unitPrice\":\"10.00\"}]}";
    }

    /**
     * placed → RESERVED, open loop ({@link OpenLoop}): orders are placed on a fixed schedule at {@code rate}/s for
     * {@code duration}, and each order's latency is the time its row reached RESERVED ({@code updated_at}, written
     * when StockReserved arrives) minus the time it was <em>due</em> to be placed, not the time it was sent: a stall
     * anywhere, the sender included, counts against every order due during it. The services, the database and this
     * JVM share one machine and one clock. Orders not placed (an error) or not RESERVED within 60 s of the last
     * placement are counted as missing, not as latencies.
     */
    private Map<String, Object> placedToReserved(List<String> skus, double rate, Duration duration) throws Exception {
        OpenLoop.Schedule schedule = OpenLoop.Schedule.of(rate, duration);
        // Enough senders for a second of the schedule in flight at once, so a slow response does not delay the
        // sends after it (their send lag says whether it did).
        int senders = Math.max(32, Math.min(512, (int) Math.ceil(rate)));
        OpenLoop.Result<String> run = OpenLoop.run(schedule, senders, index -> {
            String sku = skus.get(ThreadLocalRandom.current().nextInt(skus.size()));
            KeepAliveHttpClient.Response response = orderClients.get().send("POST", "/orders",
                    "{\"userId\":7,\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1,\"unitPrice\":\"10.00\"}]}");
            return response.status() == 201 ? JSON.readTree(response.body()).path("orderNo").asString() : null;
        });
        Map<String, Instant> intendedStart = new LinkedHashMap<>();
        run.completed().forEach(order -> intendedStart.put(order.value(), order.intendedStart()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Instant> reservedAt = reservedAt(intendedStart.keySet());
        while (reservedAt.size() < intendedStart.size() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            reservedAt = reservedAt(intendedStart.keySet());
        }
        OpenLoop.Latencies latencies = OpenLoop.latenciesSinceIntendedStart(intendedStart, reservedAt);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("intended_rate_per_second", round(rate, 1));
        figures.put("achieved_rate_per_second", round(run.achievedRatePerSecond(), 1));
        figures.put("scheduled", schedule.count());
        figures.put("placed", run.completed().size());
        figures.put("failed", run.failed());
        figures.put("recorded", latencies.recorded());
        figures.put("missing", schedule.count() - latencies.recorded());
        figures.put("reserved_before_intended_start", latencies.beforeIntendedStart());
        figures.put("sender_threads", senders);
        figures.put("latency_from_intended_start", LatencySummary.figures(latencies.histogram()));
        figures.put("placement_response_from_intended_start", LatencySummary.figures(run.response()));
        figures.put("send_lag", LatencySummary.figures(run.sendLag()));
        Map<String, org.HdrHistogram.Histogram> hops = OrderStages.hops(OrderStages.read(platform::database,
                intendedStart.keySet()));
        figures.put("hops", OrderStages.figures(hops));
        org.HdrHistogram.Histogram latency = latencies.histogram();
        out.printf("%-34s intended %.0f/s, achieved %.0f/s: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f ms;"
                        + " %d recorded, %d missing%n", "placed -> RESERVED (open loop)", rate,
                run.achievedRatePerSecond(), LatencySummary.millisAt(latency, 50), LatencySummary.millisAt(latency, 90),
                LatencySummary.millisAt(latency, 99), LatencySummary.millisAt(latency, 99.9),
                latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0, latencies.recorded(),
                schedule.count() - latencies.recorded());
        out.printf("    placement response p50 %.1f  p99 %.1f ms; send lag p50 %.1f  p99 %.1f  max %.1f ms%n",
                LatencySummary.millisAt(run.response(), 50), LatencySummary.millisAt(run.response(), 99),
                LatencySummary.millisAt(run.sendLag(), 50), LatencySummary.millisAt(run.sendLag(), 99),
                run.sendLag().getTotalCount() == 0 ? Double.NaN : run.sendLag().getMaxValue() / 1000.0);
        hops.forEach((hop, histogram) -> out.printf("    %-26s p50 %6.1f  p90 %6.1f  p99 %6.1f ms%n", hop,
                LatencySummary.millisAt(histogram, 50), LatencySummary.millisAt(histogram, 90),
                LatencySummary.millisAt(histogram, 99)));
        return figures;
    }

    /**
     * Runs {@code work} with every consumer group stopped on the broker, and lets them all consume again afterwards,
     * whatever happened: every group is let consume even when one fails (the first failure is thrown after), so a
     * broker that outlives the benchmark ({@code --platform running}) is not left with groups stopped.
     */
    private static <T> T withConsumersStopped(RocketMqAdmin admin, Callable<T> work) throws Exception {
        try {
            for (ConsumerGroup group : ConsumerGroup.values()) {
                admin.setConsumeEnabled(group.groupName(), false);
            }
            return work.call();
        } finally {
            RuntimeException first = null;
            for (ConsumerGroup group : ConsumerGroup.values()) {
                try {
                    admin.setConsumeEnabled(group.groupName(), true);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private void awaitNoPendingOrders() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection db = platform.database("order_db");
                 PreparedStatement query = db.prepareStatement("SELECT COUNT(*) FROM orders WHERE status = 'PENDING'");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(500);
        }
    }

    /**
     * Waits until every consumer group has consumed its topics. No PENDING order is not enough: the webhook and
     * points groups consume every order event too, and a backlog they still had from the consumers-stopped series
     * shared the cores with the placed -> RESERVED figure (its p50 went from 0.2 s to 9 s).
     */
    private void awaitConsumersCaughtUp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try (RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
            while (System.nanoTime() < deadline) {
                boolean caughtUp = true;
                for (ConsumerGroup group : ConsumerGroup.values()) {
                    for (Topic topic : group.topics()) {
                        caughtUp &= admin.lag(topic.topicName(), group.groupName()).caughtUp();
                    }
                }
                if (caughtUp) {
                    return;
                }
                Thread.sleep(1000);
            }
        }
        out.println("bench: consumers still behind after 10 minutes; the next figures share the cores with it");
    }

    /**
     * When each of these orders reached RESERVED: its {@code updated_at} (UTC, milliseconds) as an instant, read as
     * microseconds since the epoch by the database so no driver time-zone conversion is involved. Orders not RESERVED
     * (yet) are absent.
     */
    private Map<String, Instant> reservedAt(java.util.Collection<String> orderNumbers) throws Exception {
        Map<String, Instant> reserved = new LinkedHashMap<>();
        try (Connection db = platform.database("order_db")) {
            OrderStages.forChunks(db, List.copyOf(orderNumbers), "SELECT order_no, " + OrderStages.micros("updated_at")
                    + " FROM orders WHERE status = 'RESERVED' AND order_no IN (%s)", rows -> reserved.put(
                    rows.getString(1), Instant.EPOCH.plus(rows.getLong(2), java.time.temporal.ChronoUnit.MICROS)));
        }
        return reserved;
    }

    /**
     * Publishes {@code count} OrderCreated events (committed transactional messages) as fast as it can while inventory's
     * group is stopped on the broker, lets it consume again, and measures how long inventory takes from its first
     * transaction of them (its inbox) until its consumer counters say it handled them all, with the CPU from
     * re-enabling the group on: the drain of a stored backlog, as (e) reads one. Publishing while it consumed capped
     * the figure at the publishing rate (2000 messages took 5.9 s to publish and 7.1 s to drain, counted from the
     * first send).
     *
     * @param profileDirectory where to write CPU profiles of the drain ({@code --profile}), or {@code null} for none;
     *        the drain's own figures are then taken with the profiler attached (it has no window of its own: a second
     *        drain of the same size would add a publish and a drain to the run)
     */
    private Drain drain(int count, List<String> skus, Path profileDirectory) throws Exception {
        ConsumerCounters counters = new ConsumerCounters(endpoints(), new AdminApi(platform.adminToken()));
        long before = counters.of(ConsumerGroup.INVENTORY).handled();
        Instant publishStart = Instant.now();
        Instant published;
        ProcessCpu cpu = new ProcessCpu(platform.processes());
        Map<String, Duration> cpuBefore;
        Instant enabled;
        CpuProfiles profiles = null;
        long handled = 0;
        Instant done;
        Map<String, Duration> cpuAfter;
        Map<String, Map<CpuAttribution.Component, Long>> samples = null;
        try {
            try (RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
                admin.setConsumeEnabled(ConsumerGroup.INVENTORY.groupName(), false);
                try (Producer producer = transactionalProducer("order-events")) {
                    publish(producer, count, skus);
                } finally {
                    published = Instant.now();
                    if (profileDirectory != null) {
                        profiles = CpuProfiles.start(cpu.processes(), profileDirectory, out);
                    }
                    cpuBefore = cpu.snapshot();
                    enabled = Instant.now();
                    admin.setConsumeEnabled(ConsumerGroup.INVENTORY.groupName(), true);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + count / 50);
            while (handled < count && System.nanoTime() < deadline) {
                Thread.sleep(100);
                handled = counters.of(ConsumerGroup.INVENTORY).handled() - before;
            }
            done = Instant.now();
            cpuAfter = cpu.snapshot();
        } finally {
            if (profiles != null) {
                samples = profiles.stop(); // whatever failed above: the profiler must not stay attached
            }
        }
        // The drain starts when inventory began its first transaction of them (its inbox rows' received_at), not when
        // a poll of its counters first saw one handled: under the drain's load that poll can come seconds late.
        Instant firstReceived = firstInboxRowSince(published).orElse(enabled);
        double seconds = Math.max(0.001, Duration.between(firstReceived, done).toMillis() / 1000.0);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("messages", count);
        figures.put("skus", skus.size());
        figures.put("handled", handled);
        figures.put("publish_seconds", round(Duration.between(publishStart, published).toMillis() / 1000.0, 2));
        figures.put("pick_up_seconds", round(Math.max(0, Duration.between(enabled, firstReceived).toMillis()) / 1000.0, 2));
        figures.put("drain_seconds", round(seconds, 2));
        figures.put("messages_per_second", round(handled / seconds, 1));
        // From re-enabling the group to the last message: the pick-up costs next to nothing.
        Map<String, Double> perMessage = ProcessCpu.perOperation(cpuBefore, cpuAfter, Math.max(1, handled));
        figures.put("cpu_ms_per_message", perMessage);
        Map<String, Double> byComponent = samples == null ? null : CpuProfiles.msPerOperation(samples, perMessage);
        if (byComponent != null) {
            figures.put("cpu_ms_per_message_by_component", byComponent);
            figures.put("collapsed_stacks", profileDirectory.toString());
        }
        out.printf("%-34s %7s %10.0f %9s %9s %9s %8d%n", "inventory drain, " + (skus.size() == 1 ? "hot SKU"
                : skus.size() + " SKUs"), "-", handled / seconds, "-", "-", "-", Math.max(0, count - handled));
        if (byComponent != null) {
            printByComponent("CPU ms per message by component (the drain, profiled):", byComponent);
        }
        return new Drain(publishStart, figures);
    }

    /** When inventory recorded its first inbox row since {@code since}, from the database's own clock values. */
    private java.util.Optional<Instant> firstInboxRowSince(Instant since) throws Exception {
        try (Connection db = platform.database("inventory_db");
             PreparedStatement query = db.prepareStatement("SELECT " + OrderStages.micros("MIN(received_at)")
                     + " FROM inbox WHERE consumer_group = ? AND received_at >= ?")) {
            query.setString(1, ConsumerGroup.INVENTORY.groupName());
            // The column holds UTC wall time (the services' sessions are +00:00); compare it as such.
            query.setString(2, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
                    .withZone(java.time.ZoneOffset.UTC).format(since));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                long micros = rows.getLong(1);
                return rows.wasNull() ? java.util.Optional.empty()
                        : java.util.Optional.of(Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
            }
        }
    }

    /** Publishes {@code count} committed OrderCreated of random SKUs among {@code skus} from 16 threads. */
    private void publish(Producer producer, int count, List<String> skus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(pool.submit(() -> {
                    OrderCreated event = orderCreated(List.of(skus.get(ThreadLocalRandom.current()
                            .nextInt(skus.size()))));
                    Transaction tx = producer.beginTransaction();
                    producer.send(ClientServiceProvider.loadService().newMessageBuilder().setTopic("order-events")
                            .setTag(event.type().tag()).setKeys(event.eventId().toString(), event.orderNo())
                            .setBody(codec.encode(event)).build(), tx);
                    tx.commit();
                    return null;
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A drain's figures, and when its publishing started: its messages are the ones stored in order-events from then
     * on (they are committed after it), which is where baseline (e) starts reading.
     */
    private record Drain(Instant publishStarted, Map<String, Object> figures) {
        double perSecond() {
            return (double) figures.get("messages_per_second");
        }
    }

    /**
     * Baseline (e): the same {@code count} OrderCreated messages the 100-SKU drain just published, received and acked
     * by a bare {@link RawReceive} in a consumer group of its own ({@value #RAW_RECEIVE_GROUP}), on order-events with
     * inventory's tag subscription, batch size and receiver threads. Reading the very messages inventory drained, from
     * the same topic and queues, is the like-for-like comparison; a topic of its own would need a second publish of N
     * and could differ in queues and message type. The group's offsets are set to where the drain's publishing began
     * (a server-side reset, as the CLI's replay does) after inventory has drained, so the two never share the cores.
     * Unlike the drain, (e) reads a backlog already stored: it is what receiving alone costs, the ceiling of any
     * consumer of these messages here. A failure is recorded and the benchmark goes on.
     */
    private Map<String, Object> rawReceive(Drain drained, int count) {
        String topic = Topic.ORDER_EVENTS.topicName();
        Map<String, Object> figures = rawFigures(count, topic, RAW_RECEIVE_GROUP);
        try {
            try (RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
                admin.createGroup(RAW_RECEIVE_GROUP, 16);
                admin.resetOffsetByTime(topic, RAW_RECEIVE_GROUP, drained.publishStarted());
                // More than count: other order events were stored meanwhile; (e) still stops at count. Informative
                // only: a failed read does not stop (e).
                try {
                    figures.put("available", admin.lag(topic, RAW_RECEIVE_GROUP).notConsumed());
                } catch (RuntimeException e) {
                    figures.put("available", null);
                }
            }
            RawReceive.Result received = RawReceive.run(platform.rocketMqEndpoint(), topic, RAW_RECEIVE_GROUP,
                    INVENTORY_TAGS, RAW_RECEIVE_BATCH, RAW_RECEIVE_THREADS, count,
                    Duration.ofSeconds(60 + count / 100), new ProcessCpu(platform.processes()));
            putRawFigures(figures, "acked", "(e) raw receive+ack, SimpleConsumer", count, received);
        } catch (Exception e) {
            out.println("bench: baseline (e) failed: " + e);
            figures.put("error", e.toString());
        }
        return figures;
    }

    /**
     * Baseline (f): the same {@code count} OrderCreated messages as (e), read from where the drain's publishing began
     * in a group of its own ({@value #ANSWER_CHAIN_GROUP}), each answered to {@value #ANSWER_TOPIC} and the answers
     * received and acked in {@value #ANSWER_GROUP}, all with bare clients ({@link RawAnswerChain}): the broker work of
     * a drained message (inventory's receive, the relay's send, order-producer's receive) without the platform. Runs
     * after (e), with every group caught up, so it has the cores to itself. A failure is recorded and the benchmark
     * goes on.
     */
    private Map<String, Object> rawAnswerChain(Drain drained, int count) {
        String topic = Topic.ORDER_EVENTS.topicName();
        Map<String, Object> figures = rawFigures(count, topic, ANSWER_CHAIN_GROUP);
        figures.put("answer_topic", ANSWER_TOPIC);
        figures.put("answer_group", ANSWER_GROUP);
        // receivers is per consumer: the chain has two, so twice as many receiving threads in all.
        figures.put("answers_in_flight_at_most", RAW_RECEIVE_BATCH * RAW_RECEIVE_THREADS);
        try {
            try (RocketMqAdmin admin = RocketMqAdmin.connect(platform.namesrvAddr())) {
                admin.createGroup(ANSWER_CHAIN_GROUP, 16);
                admin.resetOffsetByTime(topic, ANSWER_CHAIN_GROUP, drained.publishStarted());
                // A new pop group would start at the end of the queue at its first receive, after answers already
                // sent: its offsets are set before any answer exists instead.
                admin.createGroup(ANSWER_GROUP, 16);
                admin.resetOffsetByTime(ANSWER_TOPIC, ANSWER_GROUP, Instant.now());
            }
            RawAnswerChain.Result chain = RawAnswerChain.run(platform.rocketMqEndpoint(), topic, ANSWER_CHAIN_GROUP,
                    INVENTORY_TAGS, ANSWER_TOPIC, ANSWER_GROUP, RAW_RECEIVE_BATCH, RAW_RECEIVE_THREADS, count,
                    Duration.ofSeconds(60 + count / 100), new ProcessCpu(platform.processes()));
            putRawFigures(figures, "answered", "(f) raw answer chain, bare clients", count, chain.answers());
            figures.put("answers_repeated", chain.answers().repeated());
            figures.put("answer_failures", chain.answerFailures());
        } catch (Exception e) {
            out.println("bench: baseline (f) failed: " + e);
            figures.put("error", e.toString());
        }
        return figures;
    }

    /**
     * {@code ratios.drain_vs_<name>} and {@code ratios.baseline_<letter>_per_second}, when the baseline measured a
     * rate.
     */
    private void compareDrain(Drain drain, int skus, Map<String, Object> baseline, String letter, String name,
                              String label, Map<String, Object> ratios) {
        if (baseline.get("messages_per_second") instanceof Double raw && raw > 0) {
            ratios.put("drain_vs_" + name, round(drain.perSecond() / raw, 3));
            ratios.put("baseline_" + letter + "_per_second", round(raw, 1));
            out.printf("batched inventory drain over %d SKUs %.0f msg/s vs (%s) %s %.0f msg/s: %.2f%n", skus,
                    drain.perSecond(), letter, label, raw, drain.perSecond() / raw);
        }
    }

    /** What (e) and (f) read: {@code count} messages of {@code topic} in {@code group}, with inventory's receiving. */
    private static Map<String, Object> rawFigures(int count, String topic, String group) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("messages", count);
        figures.put("topic", topic);
        figures.put("group", group);
        figures.put("batch_size", RAW_RECEIVE_BATCH);
        figures.put("receivers", RAW_RECEIVE_THREADS);
        return figures;
    }

    /** Records and prints a bare-client baseline's result: {@code countKey} is what it counted. */
    private void putRawFigures(Map<String, Object> figures, String countKey, String label, int count,
                               RawReceive.Result result) {
        figures.put(countKey, result.acked());
        figures.put("failed_acks", result.failed());
        figures.put("seconds", round(result.seconds(), 2));
        figures.put("messages_per_second", round(result.perSecond(), 1));
        figures.put("cpu_ms_per_message", result.cpuMsPerMessage());
        out.printf("%-34s %7d %10.0f %9s %9s %9s %8d%n", label, RAW_RECEIVE_THREADS, result.perSecond(), "-", "-", "-",
                Math.max(0, count - result.acked()));
        out.println(cpuRow(result.cpuMsPerMessage(), 0));
    }

    private Map<String, Object> replay(Instant since) throws Exception {
        try (IsolatedConsumeOffsets admin = new IsolatedConsumeOffsets(RocketMqAdmin.connect(platform.namesrvAddr()))) {
            Replayer replayer = new Replayer(new ConsumerCounters(endpoints(), new AdminApi(platform.adminToken())),
                    admin, new PrintStream(java.io.OutputStream.nullOutputStream()), Clock.systemUTC());
            Replayer.Result replayed = replayer.replay(ConsumerGroup.INVENTORY, since, Instant.now(), Duration.ofSeconds(5),
                    Duration.ofMinutes(10));
            double seconds = Math.max(0.001, replayed.active().toMillis() / 1000.0);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("redelivered", replayed.toRedeliver());
            figures.put("duplicates_skipped", replayed.handled().duplicate());
            figures.put("applied", replayed.handled().applied());
            figures.put("active_seconds", round(seconds, 2));
            figures.put("duplicates_per_second", round(replayed.handled().duplicate() / seconds, 1));
            figures.put("pickup_and_quiet_seconds", round(replayed.took().toMillis() / 1000.0 - seconds, 1));
            out.printf("%-34s %7s %10.0f %9s %9s %9s %8d%n", "replay: duplicates skipped", "-",
                    replayed.handled().duplicate() / seconds, "-", "-", "-", replayed.handled().failed());
            return figures;
        }
    }

    private Map<String, Object> checkBack(int inDoubt) throws Exception {
        CheckBackSimulation simulation = new CheckBackSimulation(platform,
                new PrintStream(java.io.OutputStream.nullOutputStream()), Clock.systemUTC());
        boolean consistent = simulation.run(CheckBackSimulation.Scenario.STORM, inDoubt);
        Duration took = simulation.lastStormDuration();
        out.printf("%-34s %7s %10.0f %9s %9s %9s %8s%n", "check-back: " + inDoubt + " in doubt resolved", "-",
                inDoubt / Math.max(0.001, took.toMillis() / 1000.0), "-", "-", "-", consistent ? "0" : "FAIL");
        return Map.of("in_doubt", inDoubt, "consistent", consistent, "seconds", round(took.toMillis() / 1000.0, 2));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** The platform's services and name server, as the operations tools find them. */
    private ServiceEndpoints endpoints() {
        return ServiceEndpoints.from(Map.of("TXORDERS_ADMIN_TOKEN", platform.adminToken(),
                "TXORDERS_INVENTORY_URL", platform.inventory().toString(),
                "TXORDERS_ORDER_URL", platform.orders().toString(),
                "TXORDERS_POINTS_URL", platform.points().toString(),
                "ROCKETMQ_NAMESRV_ADDR", platform.namesrvAddr()));
    }

    private OrderCreated orderCreated(List<String> skus) {
        String orderNo = "BENCH" + UUID.randomUUID().toString().replace("-", "").substring(0, 21).toUpperCase();
        return new OrderCreated(EventIds.newId(), 1, Instant.now(), orderNo, 1,
                skus.stream().map(sku -> new OrderLine(sku, 1, new BigDecimal("10.00"))).toList(),
                new BigDecimal("10.00"), Instant.now().plusSeconds(900));
    }

    private HttpResponse<String> send(String method, URI service, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(service.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + platform.adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memory_gib", round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024), 1));
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        try {
            machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("?"));
        } catch (Exception e) {
            machine.put("cpu", "?");
        }
        return machine;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Double.isFinite(value) ? Math.round(value * scale) / scale : 0;
    }
}
