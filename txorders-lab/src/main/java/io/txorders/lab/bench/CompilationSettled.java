package io.txorders.lab.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the services' warm-up is over: their JIT compilers have stopped working. Each service's
 * {@code jvm.compilation.time} (the JVM's accumulated compilation time) is read before and after each window of load;
 * the services are warm once, in {@code quietWindowsInARow} windows in a row, every service's compilation time grew by
 * less than {@code maxShareOfWall} of the window's wall time, after at least {@code minimum}; or, whatever the
 * compilers do, at {@code maximum}.
 *
 * <p>Why the compiler and not the rate or the CPU per order: on 2 shared cores a service's C2 compiler gets little CPU
 * beside the load, and the CPU per order can stay flat for two windows while the compiler is still busy (the earlier
 * rule stopped at 152 s with order-producer at 8.2 ms per order, 4.1 ms warm, its compilation time still growing by
 * 11 % of wall time). Compilation time is the cause itself.
 *
 * <p>Why 2 %: an idle, warm service here compiles 0.3–0.5 % of wall time (recompilations, rarely taken paths), a
 * service still warming 10 % and more. 2 % of a window is at most 0.02 of a core per service, a percent of these 2
 * cores, an order of magnitude below the run-to-run spread of the rates. The value is elapsed compilation time, summed
 * over compiler threads and including time waiting for a core, so it over- rather than understates the compiler's CPU.
 */
record CompilationSettled(Duration minimum, Duration maximum, double maxShareOfWall, int quietWindowsInARow) {

    /** Compilation growing by less than this share of wall time is a quiet compiler: see the class comment. */
    static final double QUIET_SHARE = 0.02;

    /**
     * The first phase of the full run's warm-up, at a light load: two quiet windows after at least 45 s, at most half
     * of {@code maximum}. On two cores shared with a saturating load a C2 thread gets a sliver of a core and the
     * compilers stayed busy for the whole 300 s in every full run; at a light load they have cores to work with (on
     * run-local at 25 orders/s their elapsed compilation fell from 200–460 % to 5–15 % of wall time within 2.5 min).
     */
    static CompilationSettled lightPhaseOf(Duration maximum) {
        Duration half = maximum.dividedBy(2);
        return new CompilationSettled(min(Duration.ofSeconds(45), half), half, QUIET_SHARE, 2);
    }

    /**
     * The second phase, at the full load the figures use, for what the first did not compile (paths only contention
     * or large batches take, recompilations as the profiles change): two quiet windows after at least 30 s, until
     * {@code maximum} of the whole warm-up, of which {@code spent} went to the first phase.
     */
    static CompilationSettled fullPhaseOf(Duration maximum, Duration spent) {
        Duration left = maximum.minus(spent);
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        return new CompilationSettled(min(Duration.ofSeconds(30), left), left, QUIET_SHARE, 2);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** What to do after the windows so far. */
    enum Verdict {
        /** Not warm yet: another window. */
        GO_ON,
        /** Every service's compiler was quiet in the last windows (and the minimum has passed). */
        SETTLED,
        /** The maximum has passed; the compilers may still be busy. */
        MAXIMUM
    }

    /**
     * One window of load.
     *
     * @param wall              its wall time, from the compilation snapshot before to the one after
     * @param compilationMillis by service, how much its compilation time grew; {@code null} for a service whose metric
     *                          could not be read before or after, which makes the window not quiet
     */
    record Window(Duration wall, Map<String, Double> compilationMillis) {

        /** The window between two snapshots ({@link CompilationTime#snapshot()}) of the same services. */
        static Window between(Map<String, Double> before, Map<String, Double> after, Duration wall) {
            Map<String, Double> grown = new LinkedHashMap<>();
            for (String service : before.keySet()) {
                Double from = before.get(service);
                Double to = after.get(service);
                grown.put(service, from == null || to == null ? null : to - from);
            }
            return new Window(wall, grown);
        }

        /** By service, its compilation time's growth as a share of the window's wall time ({@code null}: unknown). */
        Map<String, Double> shareOfWall() {
            Map<String, Double> shares = new LinkedHashMap<>();
            compilationMillis.forEach((service, millis) -> shares.put(service,
                    millis == null || wall.isZero() ? null : millis / wall.toMillis()));
            return shares;
        }

        /** Whether every service's compiler grew by less than {@code maxShare} of wall time; no service: not quiet. */
        boolean quiet(double maxShare) {
            Map<String, Double> shares = shareOfWall();
            return !shares.isEmpty() && shares.values().stream().allMatch(share -> share != null && share < maxShare);
        }
    }

    /**
     * @param windows the windows so far, oldest first
     * @param elapsed the warm-up's time so far
     * @return {@link Verdict#SETTLED} once the last {@code quietWindowsInARow} windows were quiet and {@code minimum}
     *         has passed (also when {@code maximum} has passed too), else {@link Verdict#MAXIMUM} once {@code maximum}
     *         has passed, else {@link Verdict#GO_ON}
     */
    Verdict verdict(List<Window> windows, Duration elapsed) {
        boolean settled = windows.size() >= quietWindowsInARow
                && windows.subList(windows.size() - quietWindowsInARow, windows.size()).stream()
                        .allMatch(window -> window.quiet(maxShareOfWall));
        if (settled && elapsed.compareTo(minimum) >= 0) {
            return Verdict.SETTLED;
        }
        return elapsed.compareTo(maximum) >= 0 ? Verdict.MAXIMUM : Verdict.GO_ON;
    }
}
