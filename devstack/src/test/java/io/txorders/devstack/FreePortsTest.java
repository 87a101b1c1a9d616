package io.txorders.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    private final List<DevStackPorts> tried = new ArrayList<>();

    @Test
    void aPortTakenBeforeItWasBoundIsTriedAgainOnOtherPorts() {
        String started = FreePorts.startOnFreePorts(ports -> {
            tried.add(ports);
            if (tried.size() < 3) {
                throw new IllegalStateException("embedded RocketMQ failed to start",
                        new IllegalStateException("Failed to bind", new BindException("Address already in use")));
            }
            return "started";
        });

        assertThat(started).isEqualTo("started");
        assertThat(tried).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void afterThreeAttemptsTheBindFailureIsThrown() {
        assertThatThrownBy(() -> FreePorts.startOnFreePorts(ports -> {
            tried.add(ports);
            throw new PortsInUseException("ports in use: broker");
        })).isInstanceOf(PortsInUseException.class);
        assertThat(tried).hasSize(3);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        assertThatThrownBy(() -> FreePorts.startOnFreePorts(ports -> {
            tried.add(ports);
            throw new IllegalStateException("MariaDB did not start");
        })).hasMessage("MariaDB did not start");
        assertThat(tried).hasSize(1);
    }
}
