package io.txorders.devstack;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A service as {@link ServiceProcesses} sees one, without Spring: {@code --server.port=N} serves
 * {@code /actuator/health} (200) on 127.0.0.1:N; it prints its arguments and the environment it was given, and exits
 * with code 3 when an argument is {@code --fail}.
 */
public final class StandInService {

    private StandInService() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("args " + String.join(" ", args));
        System.out.println("TZ=" + System.getenv("TZ") + " TXORDERS_DB_PORT=" + System.getenv("TXORDERS_DB_PORT")
                + " ROCKETMQ_ENDPOINTS=" + System.getenv("ROCKETMQ_ENDPOINTS"));
        if (Arrays.asList(args).contains("--fail")) {
            System.out.println("APPLICATION FAILED TO START");
            System.exit(3);
        }
        int port = Arrays.stream(args).filter(a -> a.startsWith("--server.port=")).findFirst()
                .map(a -> Integer.parseInt(a.substring("--server.port=".length()))).orElseThrow();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/actuator/health", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening on " + port);
    }
}
