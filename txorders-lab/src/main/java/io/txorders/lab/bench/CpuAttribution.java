package io.txorders.lab.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Says whose code a CPU sample was spent for, so a profile answers "how much of an order's CPU is the platform's own
 * code, and how much the broker, the drivers, the HTTP stack". A sample (one stack of async-profiler's collapsed
 * output, thread name first) belongs to the component of its <em>nearest owning frame</em>: walking from the leaf
 * towards the thread's root, the first frame outside the JDK, the JVM and the kernel (a package not listed below is
 * "other libraries"). Frames of the JDK, the JVM's own C++ and the kernel own nothing: a socket write in the kernel
 * under a Netty frame is Netty's (the gRPC transport), a {@code HashMap.get} called by Spring is Spring's, a
 * {@code String.format} called by txorders is txorders'.
 * A stack with no owning frame at all goes by its thread: the JIT compilers, the garbage collector and the JVM's
 * own threads, the RocketMQ client's and Tomcat's pools (a hand-off between tasks), or "JDK, unattributed".
 *
 * <p>Package prefixes, first match wins (so {@code io/txorders/lab} is the bench, not the platform, and the
 * RocketMQ client's shaded gRPC is the client's, not the proxy's).
 */
final class CpuAttribution {

    /** Whose code a sample was spent for; {@link #label()} is how reports name it. */
    enum Component {
        PLATFORM("txorders (the platform's own code)"),
        BENCH("bench load generator"),
        CLIENT("RocketMQ client (gRPC)"),
        BROKER("RocketMQ broker + proxy"),
        DATABASE_CLIENT("JDBC driver, pool, MyBatis, Spring transactions"),
        WEB("HTTP server: Tomcat, Spring MVC, Jackson, validation"),
        LOGGING("logging"),
        METRICS("metrics and tracing (Micrometer)"),
        SPRING("Spring, other"),
        OTHER_LIBRARY("other libraries"),
        JIT("JIT compiler"),
        GC("GC and JVM threads"),
        UNATTRIBUTED("JDK, unattributed");

        private final String label;

        Component(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** Prefix of a frame (a class name with slashes) → component; the order matters. */
    private static final List<Map.Entry<String, Component>> OWNERS = List.of(
            Map.entry("io/txorders/lab/", Component.BENCH),
            Map.entry("io/txorders/devstack/", Component.BROKER),
            Map.entry("io/txorders/", Component.PLATFORM),
            Map.entry("org/apache/rocketmq/client/", Component.CLIENT),
            Map.entry("org/apache/rocketmq/shaded/", Component.CLIENT),
            Map.entry("org/apache/rocketmq/", Component.BROKER),
            Map.entry("io/grpc/", Component.BROKER),
            Map.entry("io/netty/", Component.BROKER),
            Map.entry("com/alibaba/", Component.BROKER),
            Map.entry("com/mysql/", Component.DATABASE_CLIENT),
            Map.entry("com/zaxxer/", Component.DATABASE_CLIENT),
            Map.entry("org/apache/ibatis/", Component.DATABASE_CLIENT),
            Map.entry("org/mybatis/", Component.DATABASE_CLIENT),
            Map.entry("org/springframework/jdbc/", Component.DATABASE_CLIENT),
            Map.entry("org/springframework/transaction/", Component.DATABASE_CLIENT),
            Map.entry("org/apache/catalina/", Component.WEB),
            Map.entry("org/apache/coyote/", Component.WEB),
            Map.entry("org/apache/tomcat/", Component.WEB),
            Map.entry("org/springframework/web/", Component.WEB),
            Map.entry("org/springframework/http/", Component.WEB),
            Map.entry("com/fasterxml/", Component.WEB),
            Map.entry("tools/jackson/", Component.WEB),
            Map.entry("org/hibernate/validator/", Component.WEB),
            Map.entry("ch/qos/logback/", Component.LOGGING),
            Map.entry("org/slf4j/", Component.LOGGING),
            Map.entry("org/apache/logging/", Component.LOGGING),
            Map.entry("io/micrometer/", Component.METRICS),
            Map.entry("io/prometheus/", Component.METRICS),
            Map.entry("brave/", Component.METRICS),
            Map.entry("org/springframework/", Component.SPRING));

    /** Frames that own nothing: the JDK's classes. The JVM's C++ and kernel frames have no slash and own nothing. */
    private static final List<String> NEUTRAL = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "jakarta/");

    private CpuAttribution() {
    }

    /**
     * Samples per component, for the lines of async-profiler's collapsed output with thread names
     * ({@code -t}: {@code [thread tid=1];frame;frame;… count}). A line that is not such a line is skipped.
     */
    static Map<Component, Long> samplesByComponent(List<String> collapsedLines) {
        Map<Component, Long> samples = new EnumMap<>(Component.class);
        for (String line : collapsedLines) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long count;
            try {
                count = Long.parseLong(line.substring(space + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            samples.merge(component(line.substring(0, space).split(";")), count, Long::sum);
        }
        return samples;
    }

    /** The component of one stack: thread name first, then the frames from the root to the leaf. */
    static Component component(String[] stack) {
        for (int i = stack.length - 1; i >= 1; i--) {
            Component owner = owner(stack[i]);
            if (owner != null) {
                return owner;
            }
        }
        return byThread(stack.length == 0 ? "" : stack[0]);
    }

    private static Component owner(String frame) {
        if (frame.indexOf('/') < 0 || frame.endsWith("_[k]") || frame.startsWith("/")) {
            return null; // the JVM's C++, libc, the kernel, stubs, a native library without symbols
        }
        for (String neutral : NEUTRAL) {
            if (frame.startsWith(neutral)) {
                return null;
            }
        }
        for (Map.Entry<String, Component> owner : OWNERS) {
            if (frame.startsWith(owner.getKey())) {
                return owner.getValue();
            }
        }
        return Component.OTHER_LIBRARY;
    }

    private static Component byThread(String thread) {
        // Linux keeps 15 characters of a thread's name: "C2 CompilerThre", "Monitor Deflati".
        String name = thread.startsWith("[") ? thread.substring(1) : thread;
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return Component.JIT;
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM ") || name.startsWith("Sweeper")
                || name.startsWith("Service Thread") || name.startsWith("Monitor Defl")) {
            return Component.GC;
        }
        // Pool threads between tasks (parking, waking, hand-offs) whose pool is known by its name.
        if (name.startsWith("Rocketmq")) {
            return Component.CLIENT;
        }
        if (name.startsWith("http-nio")) {
            return Component.WEB;
        }
        return Component.UNATTRIBUTED;
    }
}
