package io.txorders.lab.checkback;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happened during a scenario, in time order: what the simulation did and saw, merged with the service
 * log lines that name the scenario's event ids or order numbers (their ISO timestamps place them).
 */
final class Timeline {

    private static final Pattern LOG_LINE = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z)\\s+(\\w+)\\s+\\d+\\s+---\\s+\\[([^\\]]+)\\]\\s+\\[[^\\]]*\\]\\s+\\S+\\s+:\\s+(.*)$");
    /** Log messages worth showing: the steps of a transactional publish and its consumption. */
    private static final Pattern INTERESTING = Pattern.compile(
            "half message sent|FAULT|commit sent|check-back answered|consumed group|duplicate ignored|dead letter|order placed"
                    + "|stock reserved|stock rejected|reservation (confirmed|released)|points awarded|order (reserved|cancelled|paid)");

    private record Entry(Instant at, String source, String text) {
    }

    private final Clock clock;
    private final Instant start;
    private final List<Entry> entries = new ArrayList<>();

    Timeline(Clock clock) {
        this.clock = clock;
        this.start = clock.instant();
    }

    Instant start() {
        return start;
    }

    synchronized void add(String source, String text) {
        entries.add(new Entry(clock.instant(), source, text));
    }

    /** Adds the interesting log lines since the start that mention any of {@code needles}. */
    void addLogLines(List<Path> logs, Set<String> needles) {
        for (Path log : logs) {
            if (!Files.exists(log)) {
                continue;
            }
            String service = log.getFileName().toString().replaceFirst("\\.log$", "");
            try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    Matcher m = LOG_LINE.matcher(line);
                    if (!m.matches() || needles.stream().noneMatch(line::contains)
                            || !INTERESTING.matcher(m.group(4)).find()) {
                        return;
                    }
                    try {
                        Instant at = Instant.parse(m.group(1));
                        if (!at.isBefore(start.minusSeconds(1))) {
                            synchronized (this) {
                                entries.add(new Entry(at, service, m.group(4)));
                            }
                        }
                    } catch (DateTimeParseException ignored) {
                        // not a log line of ours
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                add("timeline", "could not read " + log + ": " + e.getMessage());
            }
        }
    }

    synchronized void print(PrintStream out) {
        entries.sort(Comparator.comparing(Entry::at));
        for (Entry entry : entries) {
            long millis = Duration.between(start, entry.at()).toMillis();
            out.printf("  %+8.3fs  %-22s %s%n", millis / 1000.0, entry.source(), abbreviate(entry.text()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 220 ? text.substring(0, 217) + "..." : text;
    }
}
