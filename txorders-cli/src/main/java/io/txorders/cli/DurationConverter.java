package io.txorders.cli;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration grammar of the platform, Spring Boot's {@link DurationStyle}: what a service's properties accept
 * ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}, ISO-8601 {@code PT90S}), every option accepts.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        try {
            return DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("not a duration (use 500ms, 30s, 10m, 1h, 7d): " + text);
        }
    }
}
