package io.txorders.lab.bench;

import io.txorders.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * A duration option that has always been a number of seconds ({@code --duration 20}): a bare number still means
 * seconds; anything else is read as every duration of the platform is ({@link DurationConverter}: 90s, 5m, PT1M).
 */
public final class SecondsConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        return text.trim().matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text.trim()))
                : new DurationConverter().convert(text);
    }
}
