package io.txorders.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code txorders.*} key the starter reads by name (a {@code ${…}} placeholder or a conditional property) has
 * metadata, so an IDE completes it with its description and default, as the README promises. The typed properties
 * records get theirs from the configuration processor; a key read by name needs an entry in
 * {@code additional-spring-configuration-metadata.json}, which {@code txorders.admin-token} and
 * {@code txorders.inbox.purge-interval} lacked.
 */
class ConfigurationMetadataTest {

    private static final Pattern KEY_READ_BY_NAME =
            Pattern.compile("(?:\\$\\{|Property\\((?:name = )?\")(txorders\\.[a-z0-9.-]+)");

    @Test
    void everyKeyTheStarterReadsByNameHasMetadata() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher key = KEY_READ_BY_NAME.matcher(Files.readString(source));
                while (key.find()) {
                    read.add(key.group(1));
                }
            }
        }
        Set<String> documented;
        // This module's own, as compiled (Maven runs the tests in the module's directory), not the first on the class path.
        try (InputStream metadata = Files.newInputStream(Path.of("target/classes/META-INF/spring-configuration-metadata.json"))) {
            JsonNode properties = JsonMapper.shared().readTree(metadata).path("properties");
            documented = properties.valueStream().map(property -> property.path("name").asString())
                    .collect(Collectors.toSet());
        }

        assertThat(read).contains("txorders.admin-token", "txorders.publisher.enabled");
        assertThat(documented).containsAll(read);
    }
}
