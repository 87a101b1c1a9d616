package io.txorders.lab.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's latency histograms: every value in <b>microseconds</b>, three significant digits (a percentile is
 * within 0.1 % of the value recorded), auto-resizing so no value is too large to record. A value is never sampled
 * away: a histogram counts every one.
 */
final class LatencySummary {

    static final int SIGNIFICANT_DIGITS = 3;

    private LatencySummary() {
    }

    /** A histogram for one thread. */
    static Histogram histogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** A histogram many threads record into at once. */
    static ConcurrentHistogram concurrentHistogram() {
        return new ConcurrentHistogram(SIGNIFICANT_DIGITS);
    }

    /** {@code nanos} in the histograms' unit, rounded down; a negative interval counts as 0. */
    static long micros(long nanos) {
        return Math.max(0, nanos / 1_000);
    }

    /** The value at {@code percentile} (0–100) in milliseconds, {@code NaN} when nothing was recorded. */
    static double millisAt(AbstractHistogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN
                : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * {@code count}, {@code p50_ms}, {@code p90_ms}, {@code p99_ms}, {@code p99_9_ms} and {@code max_ms} of a
     * histogram of microseconds, in milliseconds rounded to 0.1 ms ({@code null} for each percentile when the
     * histogram is empty, so result.json never holds a made-up 0).
     */
    static Map<String, Object> figures(AbstractHistogram histogram) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("count", histogram.getTotalCount());
        figures.put("p50_ms", rounded(millisAt(histogram, 50)));
        figures.put("p90_ms", rounded(millisAt(histogram, 90)));
        figures.put("p99_ms", rounded(millisAt(histogram, 99)));
        figures.put("p99_9_ms", rounded(millisAt(histogram, 99.9)));
        figures.put("max_ms", rounded(histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0));
        return figures;
    }

    private static Double rounded(double millis) {
        return Double.isFinite(millis) ? Math.round(millis * 10) / 10.0 : null;
    }
}
