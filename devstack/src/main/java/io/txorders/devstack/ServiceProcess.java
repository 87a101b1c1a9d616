package io.txorders.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the platform as a child JVM ({@code java -jar <service>-exec.jar}) pointed at a database server and
 * a RocketMQ proxy. Started, awaited and stopped through {@link ServiceProcesses}.
 */
public final class ServiceProcess {

    /** Where a service's runnable jar is built, relative to the repository root. */
    public static Path jar(Path repo, String service) {
        return repo.resolve(service).resolve("target").resolve(service + "-exec.jar");
    }

    private final String name;
    private final int port;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(String name, int port, Process process, Path logFile) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts a service against a database server on 127.0.0.1:{@code databasePort} and the RocketMQ proxy at
     * {@code rocketMqEndpoint} (a {@link DevStack}'s or a {@link RocketMqCluster}'s).
     *
     * @param name the service name (for log prefixes)
     * @param jar its runnable jar
     * @param port its HTTP port
     * @param env further environment (e.g. {@code TXORDERS_ADMIN_TOKEN})
     * @param springArgs {@code --key=value} Spring properties
     * @param logFile where its output goes
     * @param console also copy its output, prefixed with its name, to this stream (may be null)
     */
    static ServiceProcess start(String name, Path jar, int port, int databasePort, String rocketMqEndpoint,
                                       Map<String, String> env, List<String> springArgs, Path logFile,
                                       PrintStream console) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // 256 MB left inventory's old generation 96 % full under the benchmark's load; 512 MB fits with room.
                "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=160m", "-Xss512k",
                "-Drocketmq.log.root=" + logFile.toAbsolutePath().getParent(),
                "-jar", jar.toString(),
                "--server.port=" + port));
        command.addAll(springArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (console == null) {
            // Straight to the file: a pump thread in this JVM would make the service's logging wait whenever this
            // JVM is busy (a load generator, a test), and a full pipe blocks every thread that logs.
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        }
        Map<String, String> environment = builder.environment();
        environment.put("TXORDERS_DB_HOST", "127.0.0.1");
        environment.put("TXORDERS_DB_PORT", Integer.toString(databasePort));
        environment.put("ROCKETMQ_ENDPOINTS", rocketMqEndpoint);
        environment.putAll(env);
        Process process = builder.start();
        if (console != null) {
            pump(name, process, logFile, console);
        }
        return new ServiceProcess(name, port, process, logFile);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where its output goes. */
    public Path logFile() {
        return logFile;
    }

    public Process process() {
        return process;
    }

    /** Whether {@code /actuator/health} answers 200 (UP: database and RocketMQ reachable). */
    public boolean isHealthy(HttpClient http) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until every service is healthy.
     *
     * @throws IllegalStateException if one exits or the timeout passes
     */
    static void awaitHealthy(List<ServiceProcess> services, Duration timeout, PrintStream progress)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : services) {
                if (!service.isAlive()) {
                    throw new IllegalStateException(service.name() + " exited during start-up (code "
                            + service.process.exitValue() + "); the end of " + service.logFile + ":\n"
                            + service.logTail(40));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not healthy after " + timeout + ": "
                        + waiting.stream().map(ServiceProcess::name).toList());
            }
            waiting.removeIf(service -> {
                boolean up = service.isHealthy(http);
                if (up && progress != null) {
                    progress.printf("%s is UP (http://127.0.0.1:%d)%n", service.name(), service.port());
                }
                return up;
            });
            if (!waiting.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    /** The last lines of the service's log, for a failure message. */
    String logTail(int lines) {
        try {
            // The pump may still be writing: give it a moment to flush what the process printed last.
            TimeUnit.MILLISECONDS.sleep(300);
            List<String> all = Files.readAllLines(logFile, java.nio.charset.StandardCharsets.UTF_8);
            // The root causes first (a stack trace's last lines are frames), then the end of the log.
            List<String> causes = all.stream().filter(line -> line.startsWith("Caused by:")
                    || line.contains("APPLICATION FAILED TO START") || line.startsWith("Description:")).toList();
            return String.join("\n", causes) + "\n...\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** SIGTERM to all at once, then SIGKILL to whatever still runs after {@code grace}. */
    static void stopAll(List<ServiceProcess> services, Duration grace) {
        services.forEach(service -> service.process.destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (ServiceProcess service : services) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!service.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    service.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                service.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pump(String name, Process process, Path logFile, PrintStream console) throws IOException {
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); log) {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.write(line);
                    log.write('\n');
                    log.flush();
                    if (console != null) {
                        console.println("[" + name + "] " + line);
                    }
                }
            } catch (IOException e) {
                // The child is gone.
            }
        }, "output-" + name);
        thread.setDaemon(true);
        thread.start();
    }
}
