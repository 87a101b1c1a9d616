package io.txorders.devstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An isolated class loader (parent: the platform class loader) over the RocketMQ 5.5 server and admin
 * artifacts listed at build time in {@code META-INF/txorders/rocketmq-server.classpath} of the
 * devstack-rocketmq jar, plus that jar itself.
 *
 * <p>Why isolated: rocketmq-client-java bundles unrelocated {@code apache.rocketmq.v2} classes built against
 * its shaded gRPC, which clash with {@code rocketmq-proto} of the server and admin artifacts; and Spring
 * Boot's dependency management would replace RocketMQ's own netty with one it was not built for.
 */
final class RocketMqClassLoader {

    private static final String CLASSPATH_RESOURCE = "META-INF/txorders/rocketmq-server.classpath";

    private RocketMqClassLoader() {
    }

    static URLClassLoader create(String name) throws IOException {
        return new URLClassLoader(name, serverClasspath(), ClassLoader.getPlatformClassLoader());
    }

    /** The server and admin jars (and the devstack-rocketmq jar or classes), as the isolated loader sees them. */
    static URL[] serverClasspath() throws IOException {
        ClassLoader own = RocketMqClassLoader.class.getClassLoader();
        URL listing = own.getResource(CLASSPATH_RESOURCE);
        if (listing == null) {
            throw new IOException(CLASSPATH_RESOURCE + " not found: is devstack-rocketmq built (./mvnw install)?");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(codeSourceOf(listing));
        String text;
        try (InputStream in = listing.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String entry : text.trim().split("[" + File.pathSeparator + "\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            Path jar = Path.of(entry.trim());
            if (!Files.exists(jar)) {
                throw new IOException("RocketMQ server jar missing: " + jar + " (run ./mvnw install once to fetch it)");
            }
            urls.add(jar.toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }

    /** The jar or classes directory that holds the listing: it also holds the bootstrap class. */
    private static URL codeSourceOf(URL resource) throws MalformedURLException {
        String url = resource.toString();
        String root = url.substring(0, url.length() - CLASSPATH_RESOURCE.length());
        if (root.startsWith("jar:") && root.endsWith("!/")) {
            return new URL(root.substring("jar:".length(), root.length() - 2));
        }
        return new URL(root);
    }
}
