package io.txorders.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import io.txorders.lab.bench.CpuAttribution.Component;
import org.junit.jupiter.api.Test;

class CpuProfilesTest {

    @Test
    void eachProcessCpuPerOrderIsSharedOutInTheProportionsOfItsSamplesAndComponentsAddUpAcrossProcesses() {
        Map<String, Map<Component, Long>> samples = Map.of(
                "order-producer", Map.of(Component.PLATFORM, 1L, Component.CLIENT, 3L),
                "bench-jvm", Map.of(Component.BROKER, 8L, Component.CLIENT, 1L, Component.UNATTRIBUTED, 1L));
        Map<String, Double> cpuMsPerOrder = new LinkedHashMap<>();
        cpuMsPerOrder.put("bench-jvm", 2.0);
        cpuMsPerOrder.put("order-producer", 4.0);
        cpuMsPerOrder.put("mariadb", 1.5);
        cpuMsPerOrder.put("total", 7.5);

        Map<String, Double> byComponent = CpuProfiles.msPerOperation(samples, cpuMsPerOrder);

        assertThat(byComponent).containsOnly(
                Map.entry(Component.BROKER.label(), 1.6),
                Map.entry(Component.UNATTRIBUTED.label() + " (bench-jvm)", 0.2),
                Map.entry(Component.CLIENT.label(), 3.2),
                Map.entry(Component.PLATFORM.label(), 1.0),
                Map.entry("mariadb (not profiled)", 1.5));
        assertThat(byComponent.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(7.5, within(1e-9));
    }

    @Test
    void theDifferenceOfTwoWindowsIsTakenPerComponentWithAComponentOnlyOneHasCountedAsZeroInTheOther() {
        Map<String, Double> stopped = new LinkedHashMap<>();
        stopped.put("web", 1.5);
        stopped.put("logging", 0.25);
        Map<String, Double> minimal = new LinkedHashMap<>();
        minimal.put("web", 0.5);
        minimal.put("bench", 0.75);

        assertThat(CpuProfiles.difference(stopped, minimal)).containsExactly(
                Map.entry("web", 1.0),
                Map.entry("logging", 0.25),
                Map.entry("bench", -0.75),
                Map.entry("total", 0.5));
    }

    @Test
    void twoWindowsAreComparedOnlyWhenTheyProfiledTheSameJvmsTheNamedOneAmongThem() {
        Map<String, Double> stopped = Map.of("web", 1.5);
        Map<String, Double> minimal = Map.of("web", 0.5);
        Set<String> all = Set.of("bench-jvm", "order-producer");

        assertThat(CpuProfiles.differenceIfSameJvms(stopped, all, minimal, all, "order-producer"))
                .contains(Map.of("web", 1.0, "total", 1.0));
        assertThat(CpuProfiles.differenceIfSameJvms(stopped, Set.of("bench-jvm"), minimal, all, "order-producer"))
                .isEmpty();
        assertThat(CpuProfiles.differenceIfSameJvms(stopped, Set.of("bench-jvm"), minimal, Set.of("bench-jvm"),
                "order-producer")).isEmpty();
    }

    @Test
    void resultJsonNamesTheComponentsByTheirLabels() {
        assertThat(CpuProfiles.labelled(Map.of("order-producer", Map.of(Component.JIT, 4L))))
                .isEqualTo(Map.of("order-producer", Map.of(Component.JIT.label(), 4L)));
    }
}
