package io.txorders.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time as ISO-8601 in UTC, e.g. {@code 2026-11-24T08:00:00Z}. */
public final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("not an ISO-8601 instant (e.g. 2026-11-24T08:00:00Z): " + text);
        }
    }
}
