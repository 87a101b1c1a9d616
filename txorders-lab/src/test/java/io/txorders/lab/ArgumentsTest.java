package io.txorders.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final Set<String> VALUED = Set.of("group", "since", "timeout");
    private static final Set<String> FLAGS = Set.of("json");

    @Test
    void optionsMayBeWrittenWithAnEqualsSignOrAsTwoWordsBesidePositionalWords() {
        Arguments parsed = Arguments.parse(new String[] {"list", "--group", "points-consumer",
                "--since=2026-11-24T08:00:00Z", "--json", "--timeout", "90s"}, VALUED, FLAGS);

        assertThat(parsed.positional()).containsExactly("list");
        assertThat(parsed.required("group")).isEqualTo("points-consumer");
        assertThat(parsed.instant("since", null)).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(parsed.flag("json")).isTrue();
        assertThat(parsed.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void durationsReadAsTheServicesPropertiesAndTheLaunchersDo() {
        assertThat(Arguments.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Arguments.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Arguments.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(io.txorders.devstack.CheckBackTiming.duration("7d", null)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void unknownOptionsMissingValuesAndBadValuesAreUsageErrorsThatSayWhat() {
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--nope"}, VALUED, FLAGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope");
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--group"}, VALUED, FLAGS))
                .hasMessageContaining("--group needs a value");
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--since", "yesterday"}, VALUED, FLAGS)
                .instant("since", null)).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> Arguments.duration("ten minutes")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Arguments.duration("7x")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Arguments.parse(new String[0], VALUED, FLAGS).required("group"))
                .hasMessageContaining("--group is required");
    }
}
