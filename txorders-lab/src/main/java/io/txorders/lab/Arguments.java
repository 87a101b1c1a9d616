package io.txorders.lab;

import io.txorders.devstack.CheckBackTiming;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of an operations tool: {@code --name=value}, {@code --name value}, boolean
 * {@code --flag}s and positional words. Unknown options are a usage error ({@link IllegalArgumentException}).
 */
public final class Arguments {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments() {
    }

    /**
     * @param valued option names that take a value
     * @param flags option names that do not
     */
    public static Arguments parse(String[] args, Set<String> valued, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = arg.substring(2, eq < 0 ? arg.length() : eq);
            if (flags.contains(name) && eq < 0) {
                parsed.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (eq >= 0) {
                    parsed.options.put(name, arg.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    parsed.options.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return parsed;
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public String value(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public Instant instant(String name, Instant fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + " is not an ISO-8601 instant (e.g. 2026-11-24T08:00:00Z): "
                    + value);
        }
    }

    public Duration duration(String name, Duration fallback) {
        String value = options.get(name);
        return value == null ? fallback : duration(value);
    }

    public int integer(String name, int fallback) {
        String value = options.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " is not a number: " + value);
        }
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    /** Parses a duration as the services' properties do ({@link CheckBackTiming#duration}: 500ms, 30s, 10m, 1h, 7d). */
    public static Duration duration(String text) {
        return CheckBackTiming.duration(text, null);
    }
}
