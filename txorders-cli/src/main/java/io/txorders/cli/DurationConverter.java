package io.txorders.cli;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration grammar of the platform, Spring Boot's {@link DurationStyle}: what a service's properties accept
 * ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}, ISO-8601 {@code PT90S}), every option accepts.
 * Two things it accepts are refused on a command line: a number without a unit, which Spring reads as milliseconds
 * and a person typing {@code --margin 5} means as seconds, and a negative duration, which no option means.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final String FORMS = "use 500ms, 30s, 10m, 1h, 7d";

    @Override
    public Duration convert(String text) {
        String trimmed = text.trim();
        if (trimmed.matches("[-+]?\\d+")) {
            throw new TypeConversionException("a duration needs a unit (" + FORMS + "): " + text);
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(trimmed);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("not a duration (" + FORMS + "): " + text);
        }
        if (duration.isNegative()) {
            throw new TypeConversionException("a duration cannot be negative: " + text);
        }
        return duration;
    }
}
