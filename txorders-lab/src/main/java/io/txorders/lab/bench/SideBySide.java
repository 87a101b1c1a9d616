package io.txorders.lab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rates of several series measured side by side: each round measures every series once, for one short window each,
 * one right after the other; a ratio of two series is taken within each round, and the median over the rounds is
 * the figure.
 *
 * <p>Why: on this VM a series moves by up to 45 % between minutes (in runs 6 and 7, MariaDB's CPU per transaction of
 * baseline (b) moved by 39 %; (d) came out below (c), which it contains), so a ratio of two series measured minutes
 * apart carries that drift. Within a round they are seconds apart, and the median drops a round that a pause hit.
 *
 * @param rounds each round's rate by series name, oldest first
 */
record SideBySide(List<Map<String, Double>> rounds) {

    SideBySide {
        rounds = List.copyOf(rounds);
    }

    /** Each round's {@code numerator / denominator}; a round without either, or with a zero denominator, has none. */
    List<Double> ratios(String numerator, String denominator) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, Double> round : rounds) {
            Double top = round.get(numerator);
            Double bottom = round.get(denominator);
            if (top != null && bottom != null && bottom > 0) {
                ratios.add(top / bottom);
            }
        }
        return ratios;
    }

    /** The median of {@link #ratios}; {@code NaN} when no round has both. */
    double median(String numerator, String denominator) {
        List<Double> ratios = new ArrayList<>(ratios(numerator, denominator));
        if (ratios.isEmpty()) {
            return Double.NaN;
        }
        ratios.sort(Double::compare);
        int middle = ratios.size() / 2;
        return ratios.size() % 2 == 1 ? ratios.get(middle) : (ratios.get(middle - 1) + ratios.get(middle)) / 2;
    }

    /** For result.json: the median and each round's ratio, rounded to three places. */
    Map<String, Object> figures(String numerator, String denominator) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("median", reported(numerator, denominator));
        figures.put("by_round", ratios(numerator, denominator).stream().map(SideBySide::round).toList());
        return figures;
    }

    /** The median rounded to three places, or {@code null} (not 0) when no round has both series. */
    Double reported(String numerator, String denominator) {
        double median = median(numerator, denominator);
        return Double.isNaN(median) ? null : round(median);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
